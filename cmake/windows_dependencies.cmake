# The Windows build's libraries, as the same targets the Linux build finds through pkg-config and CMake
# packages: static libraries from scripts/build-windows-deps.sh in SALONBOX_WINDOWS_DEPS (see
# cmake/mingw-w64-x86_64.cmake), header-only ones from the build machine's Debian packages.
if(NOT SALONBOX_WINDOWS_DEPS OR NOT EXISTS ${SALONBOX_WINDOWS_DEPS}/include/httplib.h)
  message(FATAL_ERROR "SALONBOX_WINDOWS_DEPS must name the prefix scripts/build-windows-deps.sh prints (`make msi` runs it)")
endif()
set(deps ${SALONBOX_WINDOWS_DEPS})

# windows.h without min/max macros and rarely used parts; Windows 10 and later (cpp-httplib needs Vista's
# socket calls, the service code nothing newer).
add_compile_definitions(NOMINMAX WIN32_LEAN_AND_MEAN _WIN32_WINNT=0x0A00 WINVER=0x0A00
                        _POSIX_THREAD_SAFE_FUNCTIONS)  # gmtime_r and localtime_r from mingw-w64's time.h
set(CMAKE_CXX_STANDARD_LIBRARIES "${CMAKE_CXX_STANDARD_LIBRARIES} -lws2_32 -ladvapi32")

find_package(Threads REQUIRED)
set(zlib /usr/${SALONBOX_MINGW}/lib/libz.a)

# cpp-httplib as upstream ships it, header-only, without OpenSSL: plain HTTP (TLS is a reverse proxy's job here).
add_library(PkgConfig::HTTPLIB INTERFACE IMPORTED)
target_include_directories(PkgConfig::HTTPLIB INTERFACE ${deps}/include)
target_compile_definitions(PkgConfig::HTTPLIB INTERFACE CPPHTTPLIB_ZLIB_SUPPORT)
target_link_libraries(PkgConfig::HTTPLIB INTERFACE ${zlib} ws2_32)

add_library(PkgConfig::SODIUM STATIC IMPORTED)
set_target_properties(PkgConfig::SODIUM PROPERTIES IMPORTED_LOCATION ${deps}/lib/libsodium.a
                      INTERFACE_INCLUDE_DIRECTORIES ${deps}/include INTERFACE_COMPILE_DEFINITIONS SODIUM_STATIC)

find_package(CURL REQUIRED CONFIG)  # carries CURL_STATICLIB and Schannel's system libraries
add_library(PkgConfig::CURL INTERFACE IMPORTED)
target_link_libraries(PkgConfig::CURL INTERFACE CURL::libcurl)

find_library(LIBHARU_LIBRARY NAMES hpdfs hpdf REQUIRED)
add_library(libharu::hpdf STATIC IMPORTED)
set_target_properties(libharu::hpdf PROPERTIES IMPORTED_LOCATION ${LIBHARU_LIBRARY} INTERFACE_INCLUDE_DIRECTORIES ${deps}/include)
target_link_libraries(libharu::hpdf INTERFACE ${zlib})
set(SALONBOX_LIBHARU libharu::hpdf)

find_package(SQLite3 REQUIRED)
find_package(SQLiteCpp REQUIRED)

set(ZLIB_LIBRARY ${zlib})
find_package(ZLIB REQUIRED)  # libzip's package names ZLIB::ZLIB
find_package(libzip REQUIRED CONFIG)
add_library(PkgConfig::LIBZIP INTERFACE IMPORTED)
target_link_libraries(PkgConfig::LIBZIP INTERFACE libzip::zip bcrypt)
target_compile_definitions(PkgConfig::LIBZIP INTERFACE ZIP_STATIC)

foreach(target CLI11::CLI11 nlohmann_json::nlohmann_json)
  add_library(${target} INTERFACE IMPORTED)
  target_include_directories(${target} INTERFACE ${deps}/include)
endforeach()

# date's tz.cpp reads the zone source files (the tzdata folder installed beside salonbox.exe) instead of the
# system's compiled zoneinfo, which Windows does not have; never from the network.
add_library(salonbox_date_tz STATIC ${deps}/share/date/tz.cpp)
target_include_directories(salonbox_date_tz PUBLIC ${deps}/include)
target_compile_definitions(salonbox_date_tz PUBLIC USE_OS_TZDB=0 HAS_REMOTE_API=0 AUTO_DOWNLOAD=0 PRIVATE INSTALL=.)
target_compile_options(salonbox_date_tz PRIVATE -w)  # not our code: -Werror is for salonbox's own
add_library(date::date-tz ALIAS salonbox_date_tz)
set(SALONBOX_TZDATA_DIR ${deps}/share/tzdata)
