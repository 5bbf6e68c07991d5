// Getting a new password from the person at the terminal without it ever appearing on a command line.
#pragma once

#include <optional>
#include <string>

namespace salonbox::cli {

struct NewPassword {
    std::string password;
    bool generated = false;  // made up here: the caller must show it once
};

// From standard input (one line) when `from_stdin`; else asked twice at the terminal without echo; else,
// with no terminal, a random one. Checks the password policy; prints the reason and returns nothing when
// the password is refused.
std::optional<NewPassword> read_new_password(bool from_stdin, const std::string& email);

}  // namespace salonbox::cli
