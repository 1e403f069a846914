# Turns libgate/data/aws-provider-schema.txt into a C++ source: one string literal per type line
# (each well under any compiler's literal limit), plus the provider version from the header.
# Run with -DINPUT=<txt> -DOUTPUT=<cpp>.
file(STRINGS "${INPUT}" lines)
set(body "")
set(version "unknown")
set(count 0)
foreach(line IN LISTS lines)
  if(line MATCHES "^# terraform [^,]*, (.*)$")
    set(version "${CMAKE_MATCH_1}")
  elseif(line MATCHES "^[rd] [a-z0-9_]+ [a-z0-9_,]*$")
    string(APPEND body "    \"${line}\",\n")
    math(EXPR count "${count} + 1")
  endif()
endforeach()
file(WRITE "${OUTPUT}.tmp"
"// Generated from libgate/data/aws-provider-schema.txt by libgate/cmake/embed_aws_schema.cmake.
#include <cstddef>

namespace gate::detail {

extern const char* const kAwsSchemaVersion;
extern const char* const kAwsSchemaLines[];
extern const std::size_t kAwsSchemaLineCount;

const char* const kAwsSchemaVersion = \"${version}\";
const char* const kAwsSchemaLines[] = {
${body}};
const std::size_t kAwsSchemaLineCount = ${count};

}  // namespace gate::detail
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
