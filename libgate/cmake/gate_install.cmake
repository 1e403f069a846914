# Install rules: the library, its headers, the CMake package (find_package(gate)) and gate.pc.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS libgate EXPORT gateTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY libgate/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES "${PROJECT_BINARY_DIR}/generated/include/gate/version.h"
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/gate)
if(TARGET tfgate)
  install(TARGETS tfgate RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

set(gate_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/gate)
install(EXPORT gateTargets NAMESPACE gate:: DESTINATION ${gate_cmake_dir})
configure_package_config_file(libgate/cmake/gateConfig.cmake.in
  "${PROJECT_BINARY_DIR}/gateConfig.cmake" INSTALL_DESTINATION ${gate_cmake_dir})
write_basic_package_version_file("${PROJECT_BINARY_DIR}/gateConfigVersion.cmake"
  COMPATIBILITY SameMajorVersion)
install(FILES "${PROJECT_BINARY_DIR}/gateConfig.cmake" "${PROJECT_BINARY_DIR}/gateConfigVersion.cmake"
  libgate/cmake/gate_find_re2.cmake libgate/cmake/gate_find_simdjson.cmake
  DESTINATION ${gate_cmake_dir})

configure_file(libgate/cmake/gate.pc.in "${PROJECT_BINARY_DIR}/gate.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/gate.pc" DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
