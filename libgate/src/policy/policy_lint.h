// Policy lint: checks beyond what loading requires, run by `tfgate policy lint` (load option
// `lint`). A rule's resource types and attribute paths are checked against the AWS provider's
// schema (misspelt types with a "did you mean" note, globs no type matches, attribute names a
// known type does not have), and selections that can match no change are reported.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace gate::detail {

class Checker;
class Rule;

/// Checks one compiled rule and its JSON (at `pointer`), reporting through `checker`:
///   policy.unknown-type       an `aws_` type the provider does not have (did-you-mean note),
///                             or a glob no type of the provider matches
///   policy.unknown-attribute  the first token of a `path` or `attribute` is not an attribute
///                             or block of the type(s) the rule or entry selects
///   policy.matches-nothing    the rule or an entry can select no change: a name that is no
///                             resource type, a data-source type with mode "managed" (or the
///                             reverse), or `when` sharing no action with `match.actions`
void lint_rule(const Rule& rule, const nlohmann::json& node, const std::string& pointer,
               Checker& checker);

}  // namespace gate::detail
