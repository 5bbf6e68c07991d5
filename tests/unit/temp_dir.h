// A fresh directory under /tmp for one test, removed when the test ends.
#pragma once

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

struct TempDir {
    std::filesystem::path path;
    // Throws, naming the reason, when the directory cannot be made (a full or read-only /tmp): mkdtemp then
    // returns null, and the test must stop rather than run without its directory.
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "salonbox-unit-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr)
            throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
        path = pattern;
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
};
