// A peer of `tfgate check --env prod` in node: prod deny-first allowlist, protected deletions
// and no deletes, printing one line per finding and the verdict.
const fs = require("fs");
const plan = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const allowed = /^(aws_lambda_function|aws_lambda_alias|aws_lambda_permission|aws_apigatewayv2_.*|aws_cloudwatch_log_group|aws_cloudwatch_metric_alarm)$/;
const protectedTypes = /^(aws_kms_key|aws_iam_openid_connect_provider|aws_organizations_organization|aws_organizations_account|aws_cloudtrail|aws_config_configuration_aggregator)$/;
const findings = [];
for (const rc of plan.resource_changes || []) {
  const a = rc.change.actions.join(",");
  if (a === "no-op" || a === "read") continue;
  if (!((a === "create" || a === "update") && allowed.test(rc.type))) findings.push(`PROD-001 ${rc.address}`);
  const deletes = rc.change.actions.includes("delete");
  if (deletes) findings.push(`PROD-002 ${rc.address}`);
  const before = rc.change.before || {};
  const prot = protectedTypes.test(rc.type) || /^acme-(tfstate|artifacts)-333333333333$/.test(before.bucket || "") || before.name === "acme-tflock";
  if ((deletes || rc.change.actions.includes("forget")) && prot) findings.push(`DEL-001 ${rc.address}`);
}
findings.sort();
process.stdout.write(findings.map((f) => f + "\n").join("") + `verdict=${findings.length ? "fail" : "pass"}\n`);
