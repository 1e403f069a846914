// libFuzzer target: the IAM policy parser and every IAM check.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "gate/iam_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = gate::iam::parse_policy(text);
  if (!doc) {
    return 0;
  }
  gate::iam::OidcRequirements oidc;
  oidc.repositories = {"acme/platform"};
  oidc.subjects = {"environment:prod"};
  (void)gate::iam::check_admin_wildcard(*doc);
  (void)gate::iam::check_service_wildcard(*doc);
  (void)gate::iam::check_not_action_allow(*doc);
  (void)gate::iam::check_pass_role_star(*doc);
  (void)gate::iam::check_privilege_escalation(*doc, gate::iam::default_escalation_paths());
  (void)gate::iam::check_wildcard_principal(*doc);
  (void)gate::iam::check_oidc_trust(*doc, oidc);
  (void)gate::iam::check_assume_role_scope(*doc, {"333333333333"});
  (void)gate::iam::check_trusted_accounts(*doc, {"333333333333"});
  (void)gate::iam::check_mfa_pattern(*doc);
  for (const auto& st : doc->statements) {
    for (const auto& r : st.resources) {
      (void)gate::iam::arn_matches(r, "arn:aws:ec2:us-east-1:333333333333:instance/i-0");
    }
  }
  return 0;
}
