# Cross-compiles salonbox.exe for 64-bit Windows with Debian's mingw-w64 (the posix thread model, which
# C++20's std::thread and std::mutex need), against the dependencies scripts/build-windows-deps.sh built
# into SALONBOX_WINDOWS_DEPS (passed with -D, or from the environment).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(SALONBOX_MINGW x86_64-w64-mingw32)

set(CMAKE_C_COMPILER ${SALONBOX_MINGW}-gcc-posix)
set(CMAKE_CXX_COMPILER ${SALONBOX_MINGW}-g++-posix)
set(CMAKE_RC_COMPILER ${SALONBOX_MINGW}-windres)
set(CMAKE_AR ${SALONBOX_MINGW}-gcc-ar-posix CACHE FILEPATH "")
set(CMAKE_RANLIB ${SALONBOX_MINGW}-gcc-ranlib-posix CACHE FILEPATH "")

if(NOT SALONBOX_WINDOWS_DEPS AND DEFINED ENV{SALONBOX_WINDOWS_DEPS})
  set(SALONBOX_WINDOWS_DEPS $ENV{SALONBOX_WINDOWS_DEPS})
endif()
# try_compile projects see the same prefix.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES SALONBOX_WINDOWS_DEPS)

# Libraries and headers come from the mingw sysroot and the dependency prefix only, never from the build
# machine's /usr; programs (pkg-config, cmake's helpers) from the build machine.
set(CMAKE_FIND_ROOT_PATH /usr/${SALONBOX_MINGW} ${SALONBOX_WINDOWS_DEPS})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
list(APPEND CMAKE_PREFIX_PATH ${SALONBOX_WINDOWS_DEPS} /usr/${SALONBOX_MINGW})
if(SALONBOX_WINDOWS_DEPS)
  set(ENV{PKG_CONFIG_LIBDIR} ${SALONBOX_WINDOWS_DEPS}/lib/pkgconfig)
  set(ENV{PKG_CONFIG_PATH} "")
  set(ENV{PKG_CONFIG_SYSROOT_DIR} "")
endif()

# One self-contained .exe: the C and C++ runtimes and winpthreads linked in, no DLL beside it.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")
