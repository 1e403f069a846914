// Parsing the embedded AWS provider schema lines: "<r|d> <type> <name>,<name>,...".
#include "policy/aws_schema.h"

#include <algorithm>
#include <cstddef>

namespace gate::detail {

extern const char* const kAwsSchemaVersion;
extern const char* const kAwsSchemaLines[];
extern const std::size_t kAwsSchemaLineCount;

namespace {

std::vector<std::string_view> split_names(std::string_view list) {
  std::vector<std::string_view> out;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    out.push_back(list.substr(0, comma));
    if (comma == std::string_view::npos) {
      break;
    }
    list.remove_prefix(comma + 1);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

AwsSchema::AwsSchema() : provider_(kAwsSchemaVersion) {
  for (std::size_t i = 0; i < kAwsSchemaLineCount; ++i) {
    const std::string_view line(kAwsSchemaLines[i]);
    const std::size_t first = line.find(' ');
    const std::size_t second = line.find(' ', first + 1);
    if (first != 1 || second == std::string_view::npos) {
      continue;
    }
    const std::string_view name = line.substr(first + 1, second - first - 1);
    AwsType& type = types_[name];
    if (line[0] == 'r') {
      type.resource = true;
      type.resource_attributes = split_names(line.substr(second + 1));
    } else {
      type.data = true;
      type.data_attributes = split_names(line.substr(second + 1));
    }
  }
  for (const auto& [name, type] : types_) {
    names_.push_back(name);
  }
}

const AwsSchema& AwsSchema::get() {
  static const AwsSchema schema;
  return schema;
}

const AwsType* AwsSchema::find(std::string_view type) const {
  const auto it = types_.find(type);
  return it == types_.end() ? nullptr : &it->second;
}

bool is_aws_type_name(std::string_view type) { return type.rfind("aws_", 0) == 0; }

}  // namespace gate::detail
