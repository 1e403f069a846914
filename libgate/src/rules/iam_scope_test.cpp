// The iam_scope rule kind: where documents are found, each check at every enforcement level,
// unknown and invalid documents, computed attributes nobody configured, data sources, and load
// errors.
#include <doctest/doctest.h>

#include <set>

#include "policy_helpers.h"

namespace {

using gate::test::change;
using gate::test::decide;
using gate::test::listing;
using gate::test::load_plan_text;
using gate::test::one_environment;
using gate::test::plan_text;

std::string rule(const std::string& check, const std::string& level = "hard-mandatory",
                 const std::string& extra = "") {
  return R"({"id":"IAM-100","title":"t","kind":"iam_scope","enforcement":")" + level +
         R"(","check":")" + check + "\"" + (extra.empty() ? "" : "," + extra) + "}";
}

// A JSON string literal holding `doc`.
std::string quoted(const std::string& doc) { return nlohmann::json(doc).dump(); }

std::string policy_change(const std::string& doc, const std::string& actions = R"(["create"])") {
  return change("aws_iam_policy.p", "aws_iam_policy", actions, "null",
                R"({"name":"p","policy":)" + quoted(doc) + "}");
}

const std::string kAdmin = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";
const std::string kScoped = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]})";

}  // namespace

TEST_SUITE("iam_scope") {
  TEST_CASE("each enforcement level: a failing and a passing document") {
    for (const std::string& level : gate::test::levels()) {
      CAPTURE(level);
      const auto set = one_environment(rule("admin-wildcard", level));
      const gate::Decision fail = decide(set, load_plan_text(plan_text({policy_change(kAdmin)})));
      REQUIRE(fail.findings.size() == 1);
      CHECK(fail.findings[0].address == "aws_iam_policy.p");
      CHECK(fail.findings[0].message ==
            "policy: statement #0 allows every action (\"*\") on every resource (\"*\")");
      CHECK(fail.verdict == (level == "advisory" ? gate::Verdict::kPass : gate::Verdict::kFail));
      const gate::Decision pass = decide(set, load_plan_text(plan_text({policy_change(kScoped)})));
      CHECK(pass.findings.empty());
      CHECK(pass.verdict == gate::Verdict::kPass);
    }
  }

  TEST_CASE("documents are found in roles, inline policies, bucket and key policies") {
    const std::string trust_star = R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]})";
    const auto set = one_environment(rule("wildcard-principal"));
    const gate::Plan plan = load_plan_text(plan_text({
        change("aws_iam_role.r", "aws_iam_role", R"(["update"])", "{}",
               R"({"name":"r","assume_role_policy":)" + quoted(trust_star) + "}"),
        change("aws_s3_bucket_policy.b", "aws_s3_bucket_policy", R"(["create"])", "null",
               R"({"policy":)" + quoted(trust_star) + "}"),
        change("aws_kms_key.k", "aws_kms_key", R"(["create"])", "null",
               R"({"policy":)" + quoted(trust_star) + "}"),
        change("aws_iam_role.unchanged", "aws_iam_role", R"(["no-op"])", "{}",
               R"({"assume_role_policy":)" + quoted(trust_star) + "}"),
    }));
    CHECK(listing(decide(set, plan)) ==
          "IAM-100 aws_iam_role.r [hard-mandatory] assume_role_policy: statement #0 lets any principal (\"*\") in "
          "without a condition\n"
          "IAM-100 aws_kms_key.k [hard-mandatory] policy: statement #0 lets any principal (\"*\") in without a "
          "condition\n"
          "IAM-100 aws_s3_bucket_policy.b [hard-mandatory] policy: statement #0 lets any principal (\"*\") in "
          "without a condition\n");
  }

  TEST_CASE("unknown documents are reported by unknown-document only") {
    const std::string unknown = change("aws_iam_policy.p", "aws_iam_policy", R"(["create"])",
                                       "null", R"({"name":"p"})", R"({"policy":true})");
    const gate::Plan plan = load_plan_text(plan_text({unknown}));
    CHECK(decide(one_environment(rule("admin-wildcard")), plan).findings.empty());
    CHECK(listing(decide(one_environment(rule("unknown-document", "soft-mandatory")), plan)) ==
          "IAM-100 aws_iam_policy.p [soft-mandatory] cannot evaluate: the IAM document in policy is unknown until "
          "apply\n");
  }

  TEST_CASE("a computed inline_policy nobody configured is not a document") {
    const std::string role = change("aws_iam_role.r", "aws_iam_role", R"(["create"])", "null",
                                    R"({"name":"r","assume_role_policy":"{\"Statement\":[]}"})",
                                    R"({"inline_policy":true})");
    const auto set = one_environment(rule("unknown-document"));
    CHECK(decide(set, load_plan_text(plan_text({role}))).findings.empty());
    const std::string configured = R"("configuration":{"root_module":{"resources":[{"address":"aws_iam_role.x","mode":"managed","type":"aws_iam_role","name":"x","expressions":{"inline_policy":[{"name":{"constant_value":"i"}}]}}]}})";
    const std::string role_x = change("aws_iam_role.x", "aws_iam_role", R"(["create"])", "null",
                                      R"({"name":"x","assume_role_policy":"{\"Statement\":[]}"})",
                                      R"({"inline_policy":true})");
    CHECK(listing(decide(set, load_plan_text(plan_text({role_x}, configured)))) ==
          "IAM-100 aws_iam_role.x [hard-mandatory] cannot evaluate: the IAM document in inline_policy is unknown "
          "until apply\n");
  }

  TEST_CASE("an invalid document is a located finding of invalid-document, not a crash") {
    const auto set = one_environment(rule("invalid-document"));
    CHECK(listing(decide(set, load_plan_text(plan_text({policy_change(R"({"Statement":[{"Effect":"Allow","Action":"s3:*","NotAction":"s3:*","Resource":"*"}]})")})))) ==
          "IAM-100 aws_iam_policy.p [hard-mandatory] policy is not a valid IAM policy: a statement cannot have "
          "both Action and NotAction (at /Statement/0)\n");
    CHECK(listing(decide(set, load_plan_text(plan_text({policy_change("{not json")})))) ==
          "IAM-100 aws_iam_policy.p [hard-mandatory] policy is not a valid IAM policy: the policy document is not "
          "valid JSON\n");
    CHECK(decide(one_environment(rule("admin-wildcard")),
                 load_plan_text(plan_text({policy_change("{not json")})))
              .findings.empty());
  }

  TEST_CASE("aws_iam_policy_document read during apply is checked through its statement blocks") {
    const std::string read = R"({"address":"data.aws_iam_policy_document.d","mode":"data","type":"aws_iam_policy_document","name":"d","change":{"actions":["read"],"before":null,
      "after":{"statement":[{"sid":"All","effect":"Allow","actions":["*"],"resources":["*"],"principals":[],"not_actions":[],"not_resources":[],"not_principals":[],"condition":[]}]},
      "after_unknown":{"json":true,"id":true}}})";
    CHECK(listing(decide(one_environment(rule("admin-wildcard")), load_plan_text(plan_text({read})))) ==
          "IAM-100 data.aws_iam_policy_document.d [hard-mandatory] statement blocks: statement \"All\" allows every action "
          "(\"*\") on every resource (\"*\")\n");
  }

  TEST_CASE("aws_iam_policy_document read while planning is checked in prior_state") {
    const std::string prior = R"("prior_state":{"format_version":"1.0","values":{"root_module":{"child_modules":[{"address":"module.m","resources":[
      {"address":"module.m.data.aws_iam_policy_document.trust","mode":"data","type":"aws_iam_policy_document","name":"trust",
       "values":{"json":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}]}"}}]}]}}})";
    const gate::Decision d =
        decide(one_environment(rule("wildcard-principal")), load_plan_text(plan_text({}, prior)));
    CHECK(listing(d) ==
          "IAM-100 module.m.data.aws_iam_policy_document.trust [hard-mandatory] json: statement #0 lets any "
          "principal (\"*\") in without a condition\n");
    CHECK(d.findings[0].json_pointer == "/prior_state/values/root_module/child_modules/0/resources/0");
  }

  TEST_CASE("a document marked sensitive fails without its content being quoted") {
    const std::string secret = change("aws_iam_policy.p", "aws_iam_policy", R"(["create"])", "null",
                                      R"({"policy":)" + quoted(R"({"Statement":[{"Sid":"TopSecret","Effect":"Allow","Action":"*","Resource":"*"}]})") + "}",
                                      "{}", "");
    std::string text = plan_text({secret});
    text.replace(text.find(R"("after_sensitive":{})"), 20, R"("after_sensitive":{"policy":true})");
    CHECK(listing(decide(one_environment(rule("admin-wildcard")), load_plan_text(text))) ==
          "IAM-100 aws_iam_policy.p [hard-mandatory] policy (marked sensitive, content not "
          "shown): 1 problem found by the admin-wildcard check\n");
  }

  TEST_CASE("attachments of AWS-managed admin policies") {
    const std::string attach = change("aws_iam_role_policy_attachment.a", "aws_iam_role_policy_attachment",
                                      R"(["create"])", "null",
                                      R"({"role":"r","policy_arn":"arn:aws:iam::aws:policy/AdministratorAccess"})");
    const std::string read_only = change("aws_iam_role_policy_attachment.b", "aws_iam_role_policy_attachment",
                                         R"(["create"])", "null",
                                         R"({"role":"r","policy_arn":"arn:aws:iam::aws:policy/ReadOnlyAccess"})");
    CHECK(listing(decide(one_environment(rule("admin-attachment")), load_plan_text(plan_text({attach, read_only})))) ==
          "IAM-100 aws_iam_role_policy_attachment.a [hard-mandatory] attaches the AWS-managed policy "
          "arn:aws:iam::aws:policy/AdministratorAccess, which allows every action on every "
          "resource\n");
  }

  TEST_CASE("the checks that need parameters read them from the policy file") {
    const std::string assume = R"({"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::999999999999:role/x"}]})";
    CHECK(listing(decide(one_environment(rule("assume-role-scope", "hard-mandatory", R"("accounts":["444444444444"])")),
                         load_plan_text(plan_text({policy_change(assume)})))) ==
          "IAM-100 aws_iam_policy.p [hard-mandatory] policy: statement #0 allows sts:AssumeRole on "
          "\"arn:aws:iam::999999999999:role/x\", outside the allowed accounts\n");
    const std::string big = R"({"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":")" +
                            std::string(6200, 'a') + R"("}]})";
    CHECK(decide(one_environment(rule("policy-size")), load_plan_text(plan_text({policy_change(big)})))
              .findings.size() == 1);
    CHECK(decide(one_environment(rule("policy-size", "hard-mandatory", R"("managed_limit":7000)")),
                 load_plan_text(plan_text({policy_change(big)})))
              .findings.empty());
  }

  TEST_CASE("load errors: unknown check with a suggestion, missing accounts") {
    const std::string errors = gate::test::policy_errors(
        {{"test.json", "{\"rules\":[" + rule("admin-wildcards") + "," +
                           R"({"id":"IAM-101","title":"t","kind":"iam_scope","enforcement":"advisory","check":"assume-role-scope"})" +
                           "]}"}});
    CHECK(errors.find("error[policy.unknown-check]") != std::string::npos);
    CHECK(errors.find("did you mean 'admin-wildcard'?") != std::string::npos);
    CHECK(errors.find("check \"assume-role-scope\" needs \"accounts\"") != std::string::npos);
  }

  TEST_CASE("every resource-policy resource is judged; conditions that restrict nothing do not close it") {
    const std::string open = R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]})";
    const std::string pinned = R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-acme"}}}]})";
    const auto set = one_environment(rule("wildcard-principal"));
    for (const char* type : {"aws_kms_key_policy", "aws_sns_topic_policy", "aws_sqs_queue_policy",
                             "aws_secretsmanager_secret_policy", "aws_ecr_repository_policy", "aws_s3_bucket"}) {
      CAPTURE(type);
      const std::string address = std::string(type) + ".x";
      const auto decision = decide(set, load_plan_text(plan_text({change(address, type, R"(["create"])", "null", R"({"policy":)" + quoted(open) + "}")})));
      REQUIRE(decision.findings.size() == 1);
      CHECK(decision.findings[0].message ==
            "policy: statement #0 lets any principal (\"*\") in: its conditions (Bool aws:SecureTransport) do not "
            "restrict who (no pinned aws:PrincipalOrgID, aws:PrincipalArn, aws:SourceArn, aws:SourceAccount or the "
            "like)");
      CHECK(decide(set, load_plan_text(plan_text({change(address, type, R"(["create"])", "null", R"({"policy":)" + quoted(pinned) + "}")}))).findings.empty());
    }
  }

  TEST_CASE("a Lambda permission for \"*\" without a source condition is open") {
    const auto set = one_environment(rule("wildcard-principal"));
    const auto permission = [](const std::string& after, const std::string& unknown = "{}") {
      return change("aws_lambda_permission.p", "aws_lambda_permission", R"(["create"])", "null", after, unknown);
    };
    CHECK(listing(decide(set, load_plan_text(plan_text({permission(R"({"action":"lambda:InvokeFunction","function_name":"f","principal":"*"})")})))) ==
          "IAM-100 aws_lambda_permission.p [hard-mandatory] permission: statement #0 lets any principal (\"*\") in "
          "without a condition\n");
    CHECK(decide(set, load_plan_text(plan_text({permission(R"({"action":"lambda:InvokeFunction","function_name":"f","principal":"*","source_account":"444444444444"})")}))).findings.empty());
    CHECK(decide(set, load_plan_text(plan_text({permission(R"({"action":"lambda:InvokeFunction","function_name":"f","principal":"*"})", R"({"source_arn":true})")}))).findings.empty());
    CHECK(decide(set, load_plan_text(plan_text({permission(R"({"action":"lambda:InvokeFunction","function_name":"f","principal":"sns.amazonaws.com"})")}))).findings.empty());
  }

  TEST_CASE("AWS managed policies granted by ARN anywhere are judged from the shipped table") {
    const auto set = one_environment(rule("admin-attachment"));
    const gate::Plan plan = load_plan_text(plan_text({
        change("aws_iam_role.r", "aws_iam_role", R"(["create"])", "null",
               R"({"name":"r","assume_role_policy":"{\"Statement\":[]}","managed_policy_arns":["arn:aws:iam::aws:policy/AdministratorAccess","arn:aws:iam::aws:policy/ReadOnlyAccess"]})"),
        change("aws_iam_role_policy_attachments_exclusive.e", "aws_iam_role_policy_attachments_exclusive", R"(["create"])", "null",
               R"({"role_name":"r","policy_arns":["arn:aws:iam::aws:policy/IAMFullAccess"]})"),
        change("aws_ssoadmin_managed_policy_attachment.s", "aws_ssoadmin_managed_policy_attachment", R"(["create"])", "null",
               R"({"managed_policy_arn":"arn:aws:iam::aws:policy/PowerUserAccess"})"),
        change("aws_iam_role_policy_attachment.ro", "aws_iam_role_policy_attachment", R"(["create"])", "null",
               R"({"policy_arn":"arn:aws:iam::aws:policy/ReadOnlyAccess"})"),
    }));
    const gate::Decision d = decide(set, plan);
    REQUIRE(d.findings.size() == 3);
    std::set<std::string> addresses;
    for (const auto& f : d.findings) {
      addresses.insert(f.address);
    }
    CHECK(addresses == std::set<std::string>{"aws_iam_role.r", "aws_iam_role_policy_attachments_exclusive.e",
                                              "aws_ssoadmin_managed_policy_attachment.s"});
    CHECK(listing(d).find("managed_policy_arns: attaches the AWS-managed policy arn:aws:iam::aws:policy/AdministratorAccess, "
                          "which allows every action on every resource") != std::string::npos);
    CHECK(listing(d).find("PowerUserAccess, which grants administration or control over IAM: statement #0 allows every "
                          "action except iam:*, organizations:*, account:*") != std::string::npos);
  }

  TEST_CASE("SSO permission-set inline policies are identity documents") {
    const auto decision = decide(one_environment(rule("admin-wildcard")), load_plan_text(plan_text({
        change("aws_ssoadmin_permission_set_inline_policy.p", "aws_ssoadmin_permission_set_inline_policy", R"(["create"])", "null",
               R"({"inline_policy":)" + quoted(kAdmin) + "}")})));
    REQUIRE(decision.findings.size() == 1);
    CHECK(decision.findings[0].message == "inline_policy: statement #0 allows every action (\"*\") on every resource (\"*\")");
  }

  TEST_CASE("source and override documents of a data source read during apply are merged") {
    const auto read = [](const std::string& source, const std::string& override_doc) {
      return R"({"address":"data.aws_iam_policy_document.d","mode":"data","type":"aws_iam_policy_document","name":"d","change":{"actions":["read"],"before":null,
        "after":{"source_policy_documents":[)" + quoted(source) + R"(],"override_policy_documents":[)" + override_doc + R"(],
          "statement":[{"sid":"Publish","effect":"Allow","actions":["sns:Publish"],"resources":["arn:aws:sns:us-east-1:4:t"],"principals":[],"not_actions":[],"not_resources":[],"not_principals":[],"condition":[]}]},
        "after_unknown":{"json":true,"id":true}}})";
    };
    const std::string admin = R"({"Statement":[{"Sid":"Everything","Effect":"Allow","Action":"*","Resource":"*"}]})";
    const std::string narrowed = R"({"Statement":[{"Sid":"Everything","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]})";
    const auto set = one_environment(rule("admin-wildcard"));
    CHECK(listing(decide(set, load_plan_text(plan_text({read(admin, "")})))) ==
          "IAM-100 data.aws_iam_policy_document.d [hard-mandatory] statement blocks with source and override "
          "documents: statement \"Everything\" allows every action (\"*\") on every resource (\"*\")\n");
    // An override statement with the same Sid replaces the source's.
    CHECK(decide(set, load_plan_text(plan_text({read(admin, quoted(narrowed))}))).findings.empty());
  }

  TEST_CASE("a data-source document granted by a policy resource is reported once, on the resource") {
    // (The test changes are all named "x": the configuration names the resource so.)
    const std::string configuration = R"("configuration":{"root_module":{"resources":[
      {"address":"aws_iam_role_policy.x","mode":"managed","type":"aws_iam_role_policy","name":"x","expressions":{"policy":{"references":["data.aws_iam_policy_document.d.json","data.aws_iam_policy_document.d"]}}},
      {"address":"data.aws_iam_policy_document.d","mode":"data","type":"aws_iam_policy_document","name":"d","expressions":{}}]}})";
    const std::string read = R"({"address":"data.aws_iam_policy_document.d","mode":"data","type":"aws_iam_policy_document","name":"d","change":{"actions":["read"],"before":null,
      "after":{"statement":[{"sid":"All","effect":"Allow","actions":["*"],"resources":["*"],"principals":[],"not_actions":[],"not_resources":[],"not_principals":[],"condition":[]}]},
      "after_unknown":{"json":true,"id":true}}})";
    const std::string granted = change("aws_iam_role_policy.p", "aws_iam_role_policy", R"(["create"])", "null",
                                       R"({"name":"p","role":"r"})", R"({"policy":true})");
    CHECK(listing(decide(one_environment(rule("admin-wildcard")), load_plan_text(plan_text({read, granted}, configuration)))) ==
          "IAM-100 aws_iam_role_policy.p [hard-mandatory] policy (built by data.aws_iam_policy_document.d from its "
          "statement blocks): statement \"All\" allows every action (\"*\") on every resource (\"*\")\n");
    // Known while planning: the data source is in prior_state, the resource's policy is known.
    const std::string prior = R"("prior_state":{"format_version":"1.0","values":{"root_module":{"resources":[
      {"address":"data.aws_iam_policy_document.d","mode":"data","type":"aws_iam_policy_document","name":"d","values":{"json":)" + quoted(kAdmin) + R"(}}]}}},)" + configuration;
    const std::string known = change("aws_iam_role_policy.p", "aws_iam_role_policy", R"(["create"])", "null",
                                     R"({"name":"p","role":"r","policy":)" + quoted(kAdmin) + "}");
    CHECK(listing(decide(one_environment(rule("admin-wildcard")), load_plan_text(plan_text({known}, prior)))) ==
          "IAM-100 aws_iam_role_policy.p [hard-mandatory] policy (built by data.aws_iam_policy_document.d): statement "
          "#0 allows every action (\"*\") on every resource (\"*\")\n");
  }

  TEST_CASE("trusted-accounts also judges resource policies") {
    const std::string foreign = R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999999999999:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]})";
    const auto set = one_environment(rule("trusted-accounts", "hard-mandatory", R"("accounts":["444444444444"])"));
    CHECK(decide(set, load_plan_text(plan_text({change("aws_s3_bucket_policy.b", "aws_s3_bucket_policy", R"(["create"])", "null", R"({"policy":)" + quoted(foreign) + "}")}))).findings.size() == 1);
  }
}
