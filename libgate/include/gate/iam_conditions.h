// What a condition does to a statement, by its key and operator: pins who may use it, restricts
// nothing about who, can never hold, or restricts something else. Open trust and resource
// policies are judged by this table, and Allow statements that can never hold are dropped from
// a document's effective permissions.
//
// The table (keys compare case-insensitively):
//   pins who       aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:PrincipalAccount,
//                  aws:PrincipalArn, aws:SourceArn, aws:SourceAccount, aws:SourceOwner,
//                  aws:SourceOrgID, aws:SourceOrgPaths, aws:SourceVpc, aws:SourceVpce,
//                  aws:SourceIp, aws:VpcSourceIp (not 0.0.0.0/0), aws:userid, aws:username, kms:CallerAccount, s3:DataAccessPointAccount,
//                  s3:DataAccessPointArn, and a web-identity provider's <issuer>:aud, :sub,
//                  :oaud, :amr; only with a positive operator (StringEquals, StringLike,
//                  ArnEquals, ArnLike, ForAnyValue:...), without IfExists, and with concrete
//                  values (no wildcard in an account or identifier, not "*")
//   restricts nothing about who
//                  aws:SecureTransport, aws:RequestedRegion, aws:CurrentTime, aws:EpochTime,
//                  aws:TokenIssueTime, aws:MultiFactorAuthPresent, aws:MultiFactorAuthAge,
//                  aws:UserAgent, aws:Referer, aws:ViaAWSService, aws:CalledVia*,
//                  aws:RequestTag/*, aws:TagKeys, and any pinning key whose values are all
//                  wildcards (e.g. StringLike aws:PrincipalArn "arn:aws:iam::*")
//   never true     DateLessThan(Equals) / DateEquals on aws:CurrentTime or aws:TokenIssueTime,
//                  NumericLessThan(Equals) / NumericEquals on aws:EpochTime, with every value
//                  before `now` (the plan's timestamp: apply comes after it)
//   other          everything else: it restricts something, but not who
//
//   gate::iam::ConditionClass c = gate::iam::classify(condition, "2026-01-01T00:00:00Z");
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string_view>

#include "gate/iam.h"

namespace gate::iam {

/// What one condition does.
enum class ConditionClass {
  kPinsPrincipal,     ///< limits who can use the statement to named principals or accounts
  kRestrictsNothing,  ///< true for anyone who wants it (transport, region, wildcard-only values)
  kNeverTrue,         ///< can never hold at or after `now`
  kOther,             ///< restricts the request in some other way
};

/// Classifies `condition`; `now` is an RFC 3339 time ("" when unknown: no date is then past).
ConditionClass classify(const Condition& condition, std::string_view now);

/// True when some condition of the statement can never hold.
bool never_holds(const Statement& statement, std::string_view now);

/// True when some condition of the statement pins who may use it.
bool pins_principal(const Statement& statement, std::string_view now);

/// The keys of conditions that restrict nothing about who, joined with ", " (for messages).
std::string unrestricting_keys(const Statement& statement, std::string_view now);

/// Seconds since 1970-01-01 UTC of "YYYY-MM-DD" or "YYYY-MM-DDThh:mm:ss[.fff](Z|+hh:mm|-hh:mm)";
/// nullopt otherwise.
std::optional<long long> parse_time(std::string_view text);

}  // namespace gate::iam
