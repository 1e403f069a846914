// The shipped data files: they load, say where each entry comes from, cover every path of the
// iam-vulnerable benchmark, and are what the library compiled in. Malformed catalogues are
// refused with a reason.
#include <doctest/doctest.h>

#include <set>

#include "fixtures.h"
#include "gate/iam_catalogue.h"
#include "gate/iam_checks.h"

TEST_SUITE("iam_catalogue") {
  TEST_CASE("the compiled-in data are the versioned data files") {
    CHECK(gate::iam::escalation_catalogue_text() ==
          gate::test::read_file(std::string(GATE_SOURCE_DIR) + "/libgate/data/escalation_paths.json"));
    CHECK(gate::iam::managed_policies_text() ==
          gate::test::read_file(std::string(GATE_SOURCE_DIR) + "/libgate/data/aws_managed_policies.json"));
  }
  TEST_CASE("every escalation path has actions, a resource, a scope and a source") {
    const auto& paths = gate::iam::default_escalation_paths();
    REQUIRE(paths.size() >= 40);
    for (const auto& p : paths) {
      CAPTURE(p.name);
      CHECK_FALSE(p.sources.empty());
      CHECK_FALSE(p.summary.empty());
      for (const auto& a : p.actions) {
        CHECK(a.action.find(':') != std::string::npos);
        CHECK_FALSE(a.resource.empty());
      }
    }
  }
  TEST_CASE("every iam-vulnerable path is in the catalogue") {
    std::set<std::string> sources;
    for (const auto& p : gate::iam::default_escalation_paths()) {
      for (const auto& s : p.sources) {
        sources.insert(s);
      }
    }
    for (const char* path :
         {"privesc1-CreateNewPolicyVersion", "privesc2-SetExistingDefaultPolicyVersion", "privesc3-CreateEC2WithExistingIP",
          "privesc4-CreateAccessKey", "privesc5-CreateLoginProfile", "privesc6-UpdateLoginProfile", "privesc7-AttachUserPolicy",
          "privesc8-AttachGroupPolicy", "privesc9-AttachRolePolicy", "privesc10-PutUserPolicy", "privesc11-PutGroupPolicy",
          "privesc12-PutRolePolicy", "privesc13-AddUserToGroup", "privesc14-UpdatingAssumeRolePolicy",
          "privesc15-PassExistingRoleToNewLambdaThenInvoke", "privesc16-PassRoleToNewLambdaThenTriggerWithNewDynamo",
          "privesc17-EditExistingLambdaFunctionWithRole", "privesc18-PassExistingRoleToNewGlueDevEndpoint",
          "privesc19-UpdateExistingGlueDevEndpoint", "privesc20-PassExistingRoleToCloudFormation",
          "privesc21-PassExistingRoleToNewDataPipeline", "privesc-codeBuildCreateProjectPassRole",
          "privesc-sageMakerCreateNotebookPassRole", "privesc-sageMakerCreateTrainingJob",
          "privesc-sageMakerCreateProcessingJob", "privesc-sageMakerCreatePresignedNotebookURL", "privesc-ssmSendCommand",
          "privesc-ssmStartSession", "privesc-ec2InstanceConnect", "privesc-cloudFormationUpdateStack"}) {
      CHECK_MESSAGE(sources.count(std::string("iam-vulnerable:") + path) == 1, path);
    }
  }
  TEST_CASE("the managed-policy table knows the administrator and IAM policies") {
    for (const char* name : {"AdministratorAccess", "PowerUserAccess", "IAMFullAccess"}) {
      const auto* p = gate::iam::find_managed_policy(std::string("arn:aws:iam::aws:policy/") + name);
      REQUIRE_MESSAGE(p != nullptr, name);
      CHECK(p->source.rfind("https://docs.aws.amazon.com/", 0) == 0);
      CHECK_FALSE(p->document.statements.empty());
    }
    CHECK(gate::iam::find_managed_policy("arn:aws:iam::aws:policy/ReadOnlyAccess") == nullptr);
  }
  TEST_CASE("malformed catalogues are refused with a reason") {
    const auto error = [](const std::string& text) {
      auto parsed = gate::iam::parse_escalation_catalogue(text);
      REQUIRE_FALSE(parsed.has_value());
      CHECK(parsed.error().front().code == "iam.catalogue");
      return parsed.error().front().message;
    };
    const std::string head = R"({"version":1,"sources":{"s":"x"},"paths":[)";
    CHECK(error("not json") == "the escalation catalogue is not a JSON object");
    CHECK(error(head + R"({"id":"A","summary":"s","source":["t"],"actions":[{"action":"iam:X","resource":"*","scope":"any"}]}]})") ==
          "path \"A\" cites an unknown source \"t\"");
    CHECK(error(head + R"({"id":"A","summary":"s","source":["s"],"actions":[{"action":"iamX","resource":"*","scope":"any"}]}]})") ==
          "path \"A\": \"iamX\" is not service:Action");
    CHECK(error(head + R"({"id":"A","summary":"s","source":["s"],"actions":[{"action":"iam:X","resource":"*","scope":"some"}]}]})") ==
          "path \"A\": scope must be \"wildcard\" or \"any\"");
    const std::string one = R"({"id":"A","summary":"s","source":["s"],"actions":[{"action":"iam:X","resource":"*","scope":"any"}]})";
    CHECK(error(head + one + "," + one + "]}") == "path id \"A\" is used twice");
    auto bad_policy = gate::iam::parse_managed_policies(
        R"({"version":1,"policies":[{"name":"X","arn":"arn:aws:iam::aws:policy/X","source":"s","document":{"Statement":[{"Effect":"Maybe","Action":"*"}]}}]})");
    REQUIRE_FALSE(bad_policy.has_value());
    CHECK(bad_policy.error().front().message.rfind("the document of X is not a valid policy", 0) == 0);
  }
  TEST_CASE("a path counts on resources of the organisation or any account, not AWS's own") {
    const auto escalates = [](const std::string& statements, const std::vector<std::string>& accounts = {}) {
      auto doc = gate::iam::parse_policy(R"({"Statement":)" + statements + "}");
      REQUIRE(doc.has_value());
      return !gate::iam::check_privilege_escalation(*doc, gate::iam::default_escalation_paths(), accounts).empty();
    };
    CHECK(escalates(R"([{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"arn:aws:iam::*:policy/x-*"}])"));
    CHECK(escalates(R"([{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"arn:aws:iam::444444444444:policy/*"}])", {"444444444444"}));
    CHECK_FALSE(escalates(R"([{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"arn:aws:iam::aws:policy/x-*"}])"));
    CHECK_FALSE(escalates(R"([{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"arn:aws:iam::999999999999:policy/*"}])", {"444444444444"}));
    // The resource must be of the kind the action needs.
    CHECK_FALSE(escalates(R"([{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"arn:aws:iam::*:role/*"}])"));
    // A role that may change itself needs no sts:AssumeRole.
    CHECK(escalates(R"([{"Effect":"Allow","Action":"iam:AttachRolePolicy","Resource":"*"}])"));
    CHECK(escalates(R"([{"Effect":"Allow","Action":"iam:PutRolePolicy","Resource":"arn:aws:iam::*:role/*"}])"));
    // PassRole on one named role with a service that runs it: the deploy pattern, not a path.
    CHECK_FALSE(escalates(R"([{"Effect":"Allow","Action":["lambda:CreateFunction","lambda:InvokeFunction"],"Resource":"*"},{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::444444444444:role/app"}])"));
    CHECK(escalates(R"([{"Effect":"Allow","Action":["codebuild:CreateProject","codebuild:StartBuild"],"Resource":"*"},{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::444444444444:role/*"}])"));
    for (const char* action : {"ssm:SendCommand", "ssm:StartSession", "ec2-instance-connect:SendSSHPublicKey",
                               "cloudformation:UpdateStack", "sagemaker:CreatePresignedNotebookInstanceUrl"}) {
      CAPTURE(action);
      CHECK(escalates(std::string(R"([{"Effect":"Allow","Action":")") + action + R"(","Resource":"*"}])"));
    }
  }
}
