#include "cli/password_input.h"

#include "auth/password.h"
#include "auth/tokens.h"

#ifdef _WIN32
#include <io.h>
#include <windows.h>
#else
#include <termios.h>
#include <unistd.h>
#endif

#include <cstdio>
#include <iostream>

namespace salonbox::cli {

namespace {
std::string ask_hidden(const char* prompt) {
    std::fprintf(stderr, "%s", prompt);
    std::fflush(stderr);
#ifdef _WIN32
    HANDLE console = ::GetStdHandle(STD_INPUT_HANDLE);
    DWORD old = 0;
    ::GetConsoleMode(console, &old);
    ::SetConsoleMode(console, old & ~static_cast<DWORD>(ENABLE_ECHO_INPUT));
    std::string line;
    std::getline(std::cin, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    ::SetConsoleMode(console, old);
#else
    termios old {};
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    std::string line;
    std::getline(std::cin, line);
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
#endif
    std::fprintf(stderr, "\n");
    return line;
}

bool stdin_is_terminal() {
#ifdef _WIN32
    return ::_isatty(::_fileno(stdin));
#else
    return isatty(STDIN_FILENO);
#endif
}

const char* explain(const std::string& key) {
    if (key == "error.password_too_short") return "the password needs at least 8 characters";
    if (key == "error.password_too_long") return "the password may have at most 128 characters";
    return "this password is too common or too easy to guess; choose another";
}
}  // namespace

std::optional<NewPassword> read_new_password(bool from_stdin, const std::string& email) {
    NewPassword result;
    if (from_stdin) {
        std::getline(std::cin, result.password);
        if (!result.password.empty() && result.password.back() == '\r') result.password.pop_back();
    } else if (stdin_is_terminal()) {
        result.password = ask_hidden("New password: ");
        if (ask_hidden("Same password again: ") != result.password) {
            std::fprintf(stderr, "salonbox: the two passwords differ; nothing was changed\n");
            return std::nullopt;
        }
    } else {
        result.password = auth::random_token(12);
        result.generated = true;
    }
    if (auto error = auth::check_password_policy(result.password, email)) {
        std::fprintf(stderr, "salonbox: %s; nothing was changed\n", explain(error->message_key));
        return std::nullopt;
    }
    return result;
}

}  // namespace salonbox::cli
