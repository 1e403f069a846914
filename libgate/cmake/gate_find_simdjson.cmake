# Finds simdjson as the imported target simdjson::simdjson (Debian ships a CMake package;
# pkg-config is the fallback). Installed beside gateConfig.cmake.
find_package(simdjson CONFIG QUIET)
if(NOT TARGET simdjson::simdjson)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(GATE_SIMDJSON REQUIRED IMPORTED_TARGET simdjson)
  add_library(simdjson::simdjson INTERFACE IMPORTED)
  target_link_libraries(simdjson::simdjson INTERFACE PkgConfig::GATE_SIMDJSON)
endif()
