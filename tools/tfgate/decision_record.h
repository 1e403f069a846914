// Writing the decision record of `tfgate check --record`: the in-toto statement of a Decision,
// bound to the saved plan file and the app artifacts, signed with a local key or emitted for an
// external signer.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <gate/evaluate.h>
#include <gate/sensitive_values.h>

#include "cli.h"

namespace tfgate {

/// What check's record options said.
struct RecordRequest {
  std::string output;         ///< --record FILE
  std::string plan_file;      ///< --plan-file tfplan
  /// The digest of the plan file's bytes when check already read them (its private copy);
  /// empty: the file is digested when the record is written.
  std::string plan_file_digest;
  std::string key;            ///< --key KEY.pem (or empty)
  std::string emit_pae;       ///< --emit-pae FILE (or empty)
  std::vector<std::string> artifacts;  ///< NAME=PATH
  std::string previous;       ///< --previous RECORD (or empty)
  std::string author;         ///< --author
  std::string source_commit;  ///< --source-commit
  std::string ci_run;         ///< --ci-run
  int expires_in_hours = 24;  ///< --expires-in
};

/// Checks the request before any work: exactly one of key and emit_pae, a plan file, a positive
/// validity (the artifacts are checked where they are digested). Prints the problem and
/// returns false when it is unusable.
bool validate_record_request(const RecordRequest& request, Io& io);

/// Writes the decision record for `decision` of `plan` (whose deployed code it records, with
/// the plan's sensitive values masked in the locations) with the app artifacts already
/// digested; returns false after printing why it could not.
bool write_decision_record(const gate::Decision& decision, const gate::Plan& plan,
                           const gate::SensitiveValues& sensitive,
                           const std::map<std::string, std::string>& artifacts,
                           const RecordRequest& request, Io& io);

}  // namespace tfgate
