# `cmake --install build [--prefix DIR]`: the latnas tool, its libraries and headers, and a CMake
# package so that another project can `find_package(latnas)` and link latnas::costmodel etc.
include(CMakePackageConfigHelpers)

set(latnas_libraries latnas_costmodel latnas_onnx latnas_spaces latnas_search latnas_outputs latnas_nas latnas_batch latnas_cli latnas_experiments)
foreach(t ${latnas_libraries})
  string(REPLACE "latnas_" "" short ${t})
  set_target_properties(${t} PROPERTIES EXPORT_NAME ${short})
endforeach()

install(TARGETS ${latnas_libraries} latnas EXPORT latnasTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# Headers keep their folders (code includes "costmodel/scorer.hpp"), under include/latnas/.
foreach(dir costmodel spaces search experiments)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/latnas/${dir}
          FILES_MATCHING PATTERN "*.hpp" PATTERN "shipped" EXCLUDE)
endforeach()

set(latnas_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/latnas)
install(EXPORT latnasTargets NAMESPACE latnas:: DESTINATION ${latnas_cmake_dir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/latnasConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/latnasConfig.cmake INSTALL_DESTINATION ${latnas_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/latnasConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/latnasConfig.cmake ${PROJECT_BINARY_DIR}/latnasConfigVersion.cmake
        DESTINATION ${latnas_cmake_dir})
