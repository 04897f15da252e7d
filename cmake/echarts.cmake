# Apache ECharts (https://echarts.apache.org), the charting library of `parley report`, taken from
# the npm registry at a pinned version and checked against the registry's SHA-512 integrity
# (`npm view echarts@6.1.0 dist.integrity`, base64 decoded to hex). Only dist/echarts.min.js (a
# self-contained bundle) and the licence files are used; they are embedded into the binary, so
# parley needs no Node.js and no network at run time. Offline builds: pass
# -DPARLEY_ECHARTS_TGZ=/path/echarts-6.1.0.tgz (from `npm pack echarts@6.1.0`); its hash is checked.
set(PARLEY_ECHARTS_VERSION 6.1.0)
set(PARLEY_ECHARTS_SHA512
    ab4c9a14f8200bd15476c587e1b95abd15859b176b22875b92828d02326e74023a080f6034fc47b55d917193447a9655964e32bc16243a46e4e87215a48c8764)
set(PARLEY_ECHARTS_TGZ "" CACHE FILEPATH "A local echarts-${PARLEY_ECHARTS_VERSION}.tgz to use instead of downloading")

set(_echarts_dir ${CMAKE_BINARY_DIR}/_deps/echarts-${PARLEY_ECHARTS_VERSION})
set(PARLEY_ECHARTS_JS ${_echarts_dir}/package/dist/echarts.min.js)
if(NOT EXISTS ${PARLEY_ECHARTS_JS})
  set(_tgz ${CMAKE_BINARY_DIR}/_deps/echarts-${PARLEY_ECHARTS_VERSION}.tgz)
  if(PARLEY_ECHARTS_TGZ)
    set(_tgz ${PARLEY_ECHARTS_TGZ})
  elseif(NOT EXISTS ${_tgz})
    set(_url https://registry.npmjs.org/echarts/-/echarts-${PARLEY_ECHARTS_VERSION}.tgz)
    message(STATUS "parley: downloading ${_url}")
    file(DOWNLOAD ${_url} ${_tgz}.part EXPECTED_HASH SHA512=${PARLEY_ECHARTS_SHA512} TLS_VERIFY ON
         INACTIVITY_TIMEOUT 60 STATUS _status)
    list(GET _status 0 _code)
    if(NOT _code EQUAL 0)
      file(REMOVE ${_tgz}.part)
      message(FATAL_ERROR "parley: could not download ${_url} (${_status}); for an offline build pass "
                          "-DPARLEY_ECHARTS_TGZ=/path/echarts-${PARLEY_ECHARTS_VERSION}.tgz")
    endif()
    file(RENAME ${_tgz}.part ${_tgz})
  endif()
  file(SHA512 ${_tgz} _hash)
  if(NOT _hash STREQUAL PARLEY_ECHARTS_SHA512)
    message(FATAL_ERROR "parley: ${_tgz} has SHA-512 ${_hash}, expected ${PARLEY_ECHARTS_SHA512}")
  endif()
  file(ARCHIVE_EXTRACT INPUT ${_tgz} DESTINATION ${_echarts_dir}
       PATTERNS package/dist/echarts.min.js package/LICENSE package/NOTICE package/licenses/LICENSE-d3)
endif()

# parley_embed_text(TARGET FILE SYMBOL): compiles FILE into TARGET as parley::assets::SYMBOL.
function(parley_embed_text target file symbol)
  set(out ${CMAKE_BINARY_DIR}/generated/${symbol}.cc)
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DIN=${file} -DOUT=${out} -DSYMBOL=${symbol} -P ${PROJECT_SOURCE_DIR}/cmake/embed_text.cmake
    DEPENDS ${file} ${PROJECT_SOURCE_DIR}/cmake/embed_text.cmake
    COMMENT "Embedding ${file}" VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()
