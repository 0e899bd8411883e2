# latnas_embed_file(<out.cpp> <input file> <C++ function name>)
# Compiles a data file into the program as `std::string_view NAME()`, so the shipped defaults
# need nothing at run time; the file in the repo stays the single source.
function(latnas_embed_file out input name)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DOUTPUT=${out} -DNAME=${name}
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFileScript.cmake
    DEPENDS ${input} ${PROJECT_SOURCE_DIR}/cmake/EmbedFileScript.cmake
    COMMENT "Embedding ${input}")
endfunction()

# latnas_embed_files(<target> <folder> <file>=<function> ...)
# Embeds each data file of <folder> into <target> as latnas::embedded::<function>().
function(latnas_embed_files target folder)
  foreach(item ${ARGN})
    string(REPLACE "=" ";" parts "${item}")
    list(GET parts 0 file)
    list(GET parts 1 fn)
    set(out ${CMAKE_CURRENT_BINARY_DIR}/embedded_${fn}.cpp)
    latnas_embed_file(${out} ${folder}/${file} latnas::embedded::${fn})
    target_sources(${target} PRIVATE ${out})
  endforeach()
endfunction()
