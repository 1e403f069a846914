# Finds RE2 as the imported target re2::re2: its CMake package where one exists, otherwise
# through pkg-config (Debian ships only re2.pc). Installed beside gateConfig.cmake.
find_package(re2 CONFIG QUIET)
if(NOT TARGET re2::re2)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(GATE_RE2 REQUIRED IMPORTED_TARGET re2)
  add_library(re2::re2 INTERFACE IMPORTED)
  target_link_libraries(re2::re2 INTERFACE PkgConfig::GATE_RE2)
endif()
