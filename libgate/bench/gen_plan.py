#!/usr/bin/env python3
"""Writes a synthetic `terraform show -json` plan (format_version 1.2) for benchmarks.

The shape follows real AWS plans: resources spread over nested modules, before/after objects
with realistic attributes, IAM policy documents as JSON strings, planned_values, prior_state
and configuration sections. About 80% of the changes are no-ops.

    gen_plan.py N OUT [--seed S] [--iam-share F]

--iam-share is the fraction of resources that carry IAM documents (policies, roles);
0 gives a plan of the same shape without any IAM document.
"""
import argparse
import json
import random

ACTIONS = ([["no-op"]] * 800 + [["update"]] * 80 + [["create"]] * 50 + [["delete"]] * 40 +
           [["delete", "create"]] * 15 + [["create", "delete"]] * 10 + [["read"]] * 5)
PLAIN_TYPES = ["aws_s3_bucket", "aws_instance", "aws_lambda_function", "aws_security_group",
               "aws_cloudwatch_log_group", "aws_dynamodb_table", "aws_sqs_queue", "aws_kms_key",
               "aws_subnet", "aws_route53_record"]
IAM_TYPES = ["aws_iam_policy", "aws_iam_role", "aws_iam_role_policy"]
SERVICES = ["s3", "dynamodb", "sqs", "logs", "lambda", "kms", "ec2", "sns"]
VERBS = ["Get", "Put", "List", "Describe", "Delete", "Create", "Update", "Tag"]


def policy_document(rng, n_statements):
    statements = []
    for i in range(n_statements):
        service = rng.choice(SERVICES)
        actions = sorted({f"{service}:{rng.choice(VERBS)}{rng.choice(['Object', 'Item', 'Queue', 'Key', 'Bucket', ''])}"
                          for _ in range(rng.randint(1, 6))})
        if rng.random() < 0.03:
            actions = "*" if rng.random() < 0.7 else ["*"]
        statements.append({
            "Sid": f"S{i}",
            "Effect": "Allow",
            "Action": actions,
            "Resource": [f"arn:aws:{service}:us-east-1:444444444444:res-{rng.randint(0, 99999)}/*"],
        })
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, separators=(",", ":"))


def trust_document(rng):
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::333333333333:role/github-actions-tooling"},
        "Action": "sts:AssumeRole"}]}, separators=(",", ":"))


def attributes(rng, rtype, name):
    # Real AWS resources carry many provider-computed attributes besides the configured ones.
    common = {"tags": {"team": rng.choice(["web", "data", "ops"]), "env": "prod",
                       "service": f"svc-{rng.randint(0, 300)}", "cost-centre": str(rng.randint(1000, 9999))},
              "tags_all": {"team": "web", "env": "prod", "managed-by": "terraform",
                           "repository": "acme/platform", "stack": "envs/prod"},
              "id": f"{name}-{rng.getrandbits(48):012x}",
              "region": "us-east-1",
              "timeouts": None,
              "owner_id": "666666666666",
              "created_at": f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T10:00:00Z",
              "description": f"managed by the {name} component of the platform",
              "kms_key_id": f"arn:aws:kms:us-east-1:666666666666:key/{rng.getrandbits(128):032x}"}
    if rtype == "aws_iam_policy":
        return dict(common, name=name, path="/", description="service policy",
                    policy=policy_document(rng, rng.randint(1, 4)), arn=f"arn:aws:iam::444444444444:policy/{name}")
    if rtype == "aws_iam_role":
        return dict(common, name=name, assume_role_policy=trust_document(rng), max_session_duration=3600,
                    arn=f"arn:aws:iam::444444444444:role/{name}", permissions_boundary=None)
    if rtype == "aws_iam_role_policy":
        return {"name": name, "role": name + "-role", "policy": policy_document(rng, rng.randint(1, 3))}
    if rtype == "aws_instance":
        return dict(common, ami=f"ami-{rng.getrandbits(32):08x}", instance_type=rng.choice(["t3.micro", "t3.small", "m5.large"]),
                    subnet_id=f"subnet-{rng.getrandbits(32):08x}", monitoring=False,
                    root_block_device=[{"volume_size": 8, "volume_type": "gp3", "encrypted": True}],
                    user_data=None, vpc_security_group_ids=[f"sg-{rng.getrandbits(32):08x}"])
    if rtype == "aws_lambda_function":
        return dict(common, function_name=name, runtime="python3.12", handler="app.handler", memory_size=128,
                    timeout=10, s3_bucket="acme-artifacts-333333333333", s3_key=f"app/{rng.getrandbits(40):x}.zip",
                    source_code_hash=f"{rng.getrandbits(128):032x}", environment=[{"variables": {"LOG_LEVEL": "info"}}])
    if rtype == "aws_security_group":
        return dict(common, name=name, description="managed", vpc_id=f"vpc-{rng.getrandbits(32):08x}",
                    ingress=[{"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"],
                              "description": "https", "ipv6_cidr_blocks": [], "prefix_list_ids": [],
                              "security_groups": [], "self": False}])
    if rtype == "aws_dynamodb_table":
        return dict(common, name=name, billing_mode="PAY_PER_REQUEST", hash_key="pk",
                    attribute=[{"name": "pk", "type": "S"}], point_in_time_recovery=[{"enabled": True}])
    return dict(common, name=name, arn=f"arn:aws:{rtype}:us-east-1:444444444444:{name}",
                id=f"{rtype}-{rng.getrandbits(32):08x}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--iam-share", type=float, default=0.12)
    args = parser.parse_args()
    rng = random.Random(args.n if args.seed is None else args.seed)

    changes, planned, prior, config = [], {}, {}, {}
    for i in range(args.n):
        module = f"module.svc_{i // 40}" if rng.random() < 0.85 else ""
        rtype = rng.choice(IAM_TYPES) if rng.random() < args.iam_share else rng.choice(PLAIN_TYPES)
        name = f"r{i}"
        index = i % 4
        address = f"{module + '.' if module else ''}{rtype}.{name}[{index}]"
        actions = rng.choice(ACTIONS)
        mode = "data" if actions == ["read"] else "managed"
        if mode == "data":
            address = f"{module + '.' if module else ''}data.{rtype}.{name}[{index}]"
        before = attributes(rng, rtype, f"{name}-{i}")
        after = dict(before)
        after_unknown = {}
        if actions == ["update"]:
            after["tags"] = dict(before["tags"], revision=str(rng.randint(1, 9))) if "tags" in before else before
        if actions in (["create"], ["delete", "create"], ["create", "delete"]):
            after.pop("arn", None)
            after_unknown = {"arn": True, "id": True}
        if actions == ["create"] or actions == ["read"]:
            before = None
        if actions == ["delete"]:
            after = None
        change = {"actions": actions, "before": before, "after": after, "after_unknown": after_unknown,
                  "before_sensitive": False if before is None else {},
                  "after_sensitive": False if after is None else {}}
        entry = {"address": address}
        if module:
            entry["module_address"] = module
        entry.update({"mode": mode, "type": rtype, "name": name, "index": index,
                      "provider_name": "registry.terraform.io/hashicorp/aws", "change": change})
        if len(actions) == 2:
            entry["action_reason"] = "replace_because_cannot_update"
            change["replace_paths"] = [["name"]]
        if mode == "data":
            entry["action_reason"] = "read_because_config_unknown"
        changes.append(entry)
        resource = {"address": address, "mode": mode, "type": rtype, "name": name, "index": index,
                    "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0}
        if after is not None:
            planned.setdefault(module, []).append(dict(resource, values=after, sensitive_values={}))
        if before is not None:
            prior.setdefault(module, []).append(dict(resource, values=before, sensitive_values={}))
        config.setdefault(module, {})[f"{rtype}.{name}"] = {
            "address": f"{rtype}.{name}", "mode": mode, "type": rtype, "name": name,
            "provider_config_key": "aws", "schema_version": 0,
            "expressions": {"name": {"constant_value": name}, "tags": {"references": ["local.tags"]}},
            "count_expression": {"constant_value": 4}}

    def values(by_module):
        root = {"resources": by_module.get("", []), "child_modules": []}
        for module in sorted(m for m in by_module if m):
            root["child_modules"].append({"address": module, "resources": by_module[module]})
        return {"root_module": root}

    module_calls = {m.split(".", 1)[1]: {"source": "./modules/svc", "module": {"resources": list(c.values())}}
                    for m, c in config.items() if m}
    plan = {
        "format_version": "1.2", "terraform_version": "1.11.4",
        "variables": {"region": {"value": "us-east-1"}},
        "planned_values": values(planned),
        "resource_changes": changes,
        "prior_state": {"format_version": "1.0", "terraform_version": "1.11.4", "values": values(prior)},
        "configuration": {"provider_config": {"aws": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws"}},
                          "root_module": {"resources": list(config.get("", {}).values()), "module_calls": module_calls}},
        "timestamp": "2026-11-24T10:00:00Z", "applyable": True, "complete": True, "errored": False,
    }
    with open(args.out, "w") as f:
        json.dump(plan, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
