# A peer of `tfgate check --env prod` in jq: prod deny-first allowlist, protected deletions and
# no deletes, printing one line per finding and the verdict.
def allowed_type: test("^(aws_lambda_function|aws_lambda_alias|aws_lambda_permission|aws_apigatewayv2_.*|aws_cloudwatch_log_group|aws_cloudwatch_metric_alarm)$");
def protected: (.type | test("^(aws_kms_key|aws_iam_openid_connect_provider|aws_organizations_organization|aws_organizations_account|aws_cloudtrail|aws_config_configuration_aggregator)$"))
  or (.change.before.bucket? // "" | test("^acme-(tfstate|artifacts)-333333333333$"))
  or (.change.before.name? // "" | . == "acme-tflock");
[(.resource_changes // [])[] | . as $rc | (.change.actions) as $a
 | if ($a == ["no-op"] or $a == ["read"]) then empty
   else (if (($a == ["create"] or $a == ["update"]) and ($rc.type | allowed_type)) then empty
         else "PROD-001 \($rc.address)" end),
        (if ($a | index("delete")) then "PROD-002 \($rc.address)" else empty end),
        (if (($a | index("delete")) or ($a | index("forget"))) and ($rc | protected) then "DEL-001 \($rc.address)" else empty end)
   end] as $f
| ($f | sort | .[]), "verdict=\(if ($f | length) > 0 then "fail" else "pass" end)"
