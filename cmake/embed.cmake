# bylaw_embed_lua(OUT file...) writes OUT, a C file holding each Lua file as
# a string, and a table bylaw__embedded[] {name, text, size} ending in NULL,
# so the engine carries its own vocabulary without reading files at run time.
function(bylaw_embed_lua out)
  # A CMake list would be split into separate arguments: pass it joined.
  string(REPLACE ";" "|" files "${ARGN}")
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} "-DFILES=${files}"
            -P ${CMAKE_SOURCE_DIR}/cmake/embed_script.cmake
    DEPENDS ${ARGN} ${CMAKE_SOURCE_DIR}/cmake/embed_script.cmake
    COMMENT "Embedding engine Lua sources" VERBATIM)
endfunction()
