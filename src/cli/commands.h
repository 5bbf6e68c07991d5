// The salonbox commands behind the CLI: each takes its parsed options and returns the exit code
// (0 done, 1 failed, 2 wrong usage) after printing a message a salon owner understands.
#pragma once

#include "app/config.h"

#include <optional>
#include <string>
#include <vector>

namespace salonbox::cli {

constexpr int k_ok = 0;
constexpr int k_failed = 1;
constexpr int k_usage = 2;

// Process-wide library settings, before any command runs.
void configure_process();

int serve(const app::ServeOptions& options);

struct SalonCreateOptions {
    std::string data_dir, slug, name, time_zone = "Europe/Paris", locale = "en", currency = "EUR";
};
int salon_create(const SalonCreateOptions& options);
int salon_list(const std::string& data_dir);

struct UserAddOptions {
    std::string data_dir, salon, email, role, name, locale;
    std::string public_url;  // start of the link in a customer's invitation
    std::optional<long long> customer_id;
    bool password_stdin = false;
};
int user_add(const UserAddOptions& options);
struct UserPasswordOptions {
    std::string data_dir, salon, email;
    bool password_stdin = false;
};
int user_reset_password(const UserPasswordOptions& options);
int user_list(const std::string& data_dir, const std::string& salon);

struct BackupOptions {
    std::string data_dir, salon, out;
    bool all = false;
    // 0: --out is the file (or, with --all, the directory of SLUG.db files). N > 0: --out is a directory of
    // timestamped backups of which the newest N per salon are kept.
    int keep = 0;
};
int backup(const BackupOptions& options);
struct RestoreOptions {
    std::string data_dir, salon, from;
};
int restore(const RestoreOptions& options);
// Checks every salon; with `repair_salon`, first recomputes that salon's data kept by triggers from its rows.
int check(const std::string& data_dir, const std::string& repair_salon = {});

struct ExportOptions {
    std::string data_dir, salon, out;
};
int export_salon(const ExportOptions& options);

// Sends a test email to `to` through the SMTP settings in `options` (the mail ones of serve); prints the
// outcome, 1 with the server's or the network's reason when it was not accepted.
int mail_test(const app::ServeOptions& options, const std::string& to);

struct DemoOptions {
    std::string data_dir;
    std::optional<std::string> password;
    bool large = false;  // --size large: five years of history (cli/demo_history.h)
};
int demo(const DemoOptions& options);

// Prints every route: method, path pattern, who may reach it and whose session it reads, tab-separated.
int routes();

}  // namespace salonbox::cli
