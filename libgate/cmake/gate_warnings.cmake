# Warning and sanitizer flags, applied PRIVATE-ly to the project's own targets only.
add_library(gate_warnings INTERFACE)
target_compile_options(gate_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual -Wcast-qual
  -Wformat=2 -Wimplicit-fallthrough -Wold-style-cast
  $<$<BOOL:${GATE_WERROR}>:-Werror>)

add_library(gate_sanitizers INTERFACE)
if(GATE_SANITIZE)
  target_compile_options(gate_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(gate_sanitizers INTERFACE -fsanitize=address,undefined)
endif()

# ThreadSanitizer, for the concurrency tests (tools/dev/tsan).
if(GATE_TSAN)
  target_compile_options(gate_sanitizers INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(gate_sanitizers INTERFACE -fsanitize=thread)
endif()

# Fuzzing instruments the library too, so that coverage guides the fuzzer through it.
if(GATE_FUZZ)
  target_compile_options(gate_sanitizers INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(gate_sanitizers INTERFACE -fsanitize=address,undefined)
  target_compile_definitions(gate_sanitizers INTERFACE GATE_FUZZING=1)
endif()
