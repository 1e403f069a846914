// The JSON type of a value in words, for messages: "an object", "a string", "null", ...
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace gate::detail {

std::string_view json_type_name(const nlohmann::json& value);

}  // namespace gate::detail
