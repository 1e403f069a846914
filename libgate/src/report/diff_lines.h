// The lines of a rendered diff, independent of layout: a change symbol, a nesting depth and
// the text. Text output indents first and prints the symbol; Markdown puts the symbol in the
// first column so GitHub colours the ```diff block.
#pragma once

#include <string>
#include <vector>

#include "gate/plan_diff.h"

namespace gate::detail {

struct DiffLine {
  char symbol = ' ';  // '+', '-', '~' or ' '
  int depth = 0;
  std::string text;
};

/// Lines for the attributes under `root` (its children), unchanged ones only when `full`.
std::vector<DiffLine> attribute_lines(const DiffNode& root, bool full);

/// "(known after apply)", "(sensitive value)" or the compact JSON of a known value.
std::string display_value(const DiffValue& value);

/// The header of a resource: "~ aws_s3_bucket.b will be updated in place" and the notes under
/// it (moved from, imported, replace reason).
std::vector<std::string> resource_header(const ResourceDiff& diff, bool drift);

/// Terraform-style symbol of an action: "+", "~", "-/+", "+/-", "-", "<=", ".", "+/.".
const char* action_symbol(Action action);

/// "created", "updated in place", "replaced", ... for headers.
const char* action_verb(Action action);

}  // namespace gate::detail
