// salonbox's entry point: the command line (CLI11 lives in this file only) and process-wide set-up.
#include "cli/commands.h"

#include <CLI/CLI.hpp>
#include <curl/curl.h>
#include <sodium.h>

#include <cstdio>

using namespace salonbox;

int main(int argc, char** argv) {
    if (sodium_init() < 0) {
        std::fprintf(stderr, "salonbox: the cryptography library failed to start\n");
        return cli::k_failed;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    cli::configure_process();

    CLI::App app{"salonbox: the salon appliance: customer portal, admin panel and their data, in one program."};
    app.set_version_flag("--version", "salonbox " SALONBOX_VERSION);
    app.require_subcommand(1);
    app.fallthrough();
    // CLI11 reads config files at the top level only: `serve --config FILE` falls through to here, and the
    // file holds a [serve] section. An unknown key is an error, not silently ignored.
    app.set_config("--config", "", "Read `serve` settings from this file, under [serve] (TOML/INI: data = \"/var/lib/salonbox\")");
    app.allow_config_extras(CLI::config_extras_mode::error);
    std::string data_dir = app::default_data_dir();
    auto add_data = [&](CLI::App* cmd) {
        cmd->add_option("--data", data_dir, "Data directory holding the salons (default " + (data_dir == "data" ? "./data" : data_dir) + ")")->envname("SALONBOX_DATA");
    };
    int code = cli::k_ok;

    // serve
    app::ServeOptions serve;
    auto* serve_cmd = app.add_subcommand("serve", "Run the web server for every salon of the data directory");
    serve_cmd->add_option("--data", serve.data_dir, "Data directory holding the salons")->envname("SALONBOX_DATA")->capture_default_str();
    serve_cmd->add_option("--listen", serve.listen, "Address and port to listen on")->envname("SALONBOX_LISTEN")->capture_default_str();
    serve_cmd->add_option("--public-url", serve.public_url, "Address customers use, for links in emails (https://salon.example.com)")
        ->envname("SALONBOX_PUBLIC_URL");
    serve_cmd->add_option("--trusted-proxy", serve.trusted_proxies, "Reverse proxy network whose X-Forwarded-* headers are believed (repeatable)")
        ->envname("SALONBOX_TRUSTED_PROXY")
        ->delimiter(',');
    serve_cmd->add_option("--threads", serve.threads, "Connections served at once (one thread each, started as needed)")->envname("SALONBOX_THREADS")->capture_default_str();
    serve_cmd->add_option("--request-timeout", serve.request_timeout, "Seconds a request's head and body may take to arrive")
        ->envname("SALONBOX_REQUEST_TIMEOUT")
        ->capture_default_str();
    serve_cmd->add_option("--stop-timeout", serve.stop_timeout, "Seconds a stop may take to answer the requests in flight and send the last mail")
        ->envname("SALONBOX_STOP_TIMEOUT")
        ->capture_default_str();
    serve_cmd->add_option("--tls-cert", serve.tls_cert, "Certificate file (PEM) to serve HTTPS natively")->envname("SALONBOX_TLS_CERT");
    serve_cmd->add_option("--tls-key", serve.tls_key, "Private key file (PEM) of --tls-cert")->envname("SALONBOX_TLS_KEY");
    serve_cmd->add_option("--http-listen", serve.http_listen,
                          "With --tls-cert: plain HTTP address and port (0.0.0.0:80) answering ACME challenges and redirecting the rest to HTTPS")
        ->envname("SALONBOX_HTTP_LISTEN");
    serve_cmd->add_option("--mail-transport", serve.mail_transport, "smtp, or console to print emails")
        ->envname("SALONBOX_MAIL_TRANSPORT")
        ->capture_default_str();
    serve_cmd->add_option("--smtp-url", serve.smtp_url, "SMTP server, smtp://HOST:PORT (STARTTLS) or smtps://HOST:PORT")->envname("SALONBOX_SMTP_URL");
    serve_cmd->add_option("--smtp-user", serve.smtp_user, "SMTP user name")->envname("SALONBOX_SMTP_USER");
    serve_cmd->add_option("--smtp-password-file", serve.smtp_password_file, "File holding the SMTP password")->envname("SALONBOX_SMTP_PASSWORD_FILE");
    serve_cmd->add_option("--mail-from", serve.mail_from, "Sender address of every email")->envname("SALONBOX_MAIL_FROM");
#ifdef _WIN32
    serve_cmd->add_flag("--windows-service", serve.windows_service, "Run as the Windows service (for the service manager, which the MSI sets up)");
#endif
    serve_cmd->callback([&] { code = cli::serve(serve); });

    // salon
    auto* salon_cmd = app.add_subcommand("salon", "Create and list salons");
    salon_cmd->require_subcommand(1);
    cli::SalonCreateOptions create;
    auto* create_cmd = salon_cmd->add_subcommand("create", "Create a salon");
    add_data(create_cmd);
    create_cmd->add_option("slug", create.slug, "Short name used in addresses: /s/SLUG/")->required();
    create_cmd->add_option("--name", create.name, "The salon's name as customers see it")->required();
    create_cmd->add_option("--timezone", create.time_zone, "IANA time zone")->capture_default_str();
    create_cmd->add_option("--locale", create.locale, "Language: en or fr")->capture_default_str();
    create_cmd->add_option("--currency", create.currency, "ISO 4217 currency code")->capture_default_str();
    create_cmd->callback([&] {
        create.data_dir = data_dir;
        code = cli::salon_create(create);
    });
    auto* list_cmd = salon_cmd->add_subcommand("list", "List the salons");
    add_data(list_cmd);
    list_cmd->callback([&] { code = cli::salon_list(data_dir); });

    // user
    auto* user_cmd = app.add_subcommand("user", "Manage the accounts of a salon");
    user_cmd->require_subcommand(1);
    cli::UserAddOptions add;
    long long customer_id = 0;
    auto* add_cmd = user_cmd->add_subcommand("add", "Add an account (staff: a password is asked, read from stdin, or made up; "
                                                    "customers: an invitation email lets them choose it)");
    add_data(add_cmd);
    add_cmd->add_option("--salon", add.salon, "Salon slug")->required();
    add_cmd->add_option("--email", add.email, "Email address, used to sign in")->required();
    add_cmd->add_option("--role", add.role, "owner, manager, staff or customer")->required();
    add_cmd->add_option("--name", add.name, "Name shown in the panel");
    add_cmd->add_option("--locale", add.locale, "Language: en or fr");
    auto* customer_opt = add_cmd->add_option("--customer", customer_id, "Customer record of a customer account");
    add_cmd->add_flag("--password-stdin", add.password_stdin, "Read the password from standard input");
    add.public_url = "http://127.0.0.1:8080";
    add_cmd->add_option("--public-url", add.public_url, "Address of the salon in a customer's invitation link")
        ->envname("SALONBOX_PUBLIC_URL")
        ->capture_default_str();
    add_cmd->callback([&] {
        add.data_dir = data_dir;
        if (customer_opt->count()) add.customer_id = customer_id;
        code = cli::user_add(add);
    });
    cli::UserPasswordOptions reset;
    auto* reset_cmd = user_cmd->add_subcommand("reset-password", "Set a new password and end the account's sessions");
    add_data(reset_cmd);
    reset_cmd->add_option("--salon", reset.salon, "Salon slug")->required();
    reset_cmd->add_option("--email", reset.email, "Email of the account")->required();
    reset_cmd->add_flag("--password-stdin", reset.password_stdin, "Read the password from standard input");
    reset_cmd->callback([&] {
        reset.data_dir = data_dir;
        code = cli::user_reset_password(reset);
    });
    std::string list_salon;
    auto* ulist_cmd = user_cmd->add_subcommand("list", "List the accounts of a salon");
    add_data(ulist_cmd);
    ulist_cmd->add_option("--salon", list_salon, "Salon slug")->required();
    ulist_cmd->callback([&] { code = cli::user_list(data_dir, list_salon); });

    // backup, restore, check
    cli::BackupOptions backup;
    auto* backup_cmd = app.add_subcommand("backup", "Copy salon databases safely, even while the server runs");
    add_data(backup_cmd);
    backup_cmd->add_option("--salon", backup.salon, "Salon slug");
    backup_cmd->add_flag("--all", backup.all, "Every salon (then --out is a directory)");
    backup_cmd->add_option("--out", backup.out, "File or directory to write")->required();
    backup_cmd->add_option("--keep", backup.keep, "Name backups SLUG-TIME.db in the --out directory and keep the newest N per salon")
        ->check(CLI::PositiveNumber);
    backup_cmd->callback([&] {
        backup.data_dir = data_dir;
        code = cli::backup(backup);
    });
    cli::RestoreOptions restore;
    auto* restore_cmd = app.add_subcommand("restore", "Replace a salon's data with a backup (checked first)");
    add_data(restore_cmd);
    restore_cmd->add_option("--salon", restore.salon, "Salon slug to restore into")->required();
    restore_cmd->add_option("--from", restore.from, "Backup file")->required();
    restore_cmd->callback([&] {
        restore.data_dir = data_dir;
        code = cli::restore(restore);
    });
    std::string repair_salon;
    auto* check_cmd = app.add_subcommand("check", "Check the integrity of every salon database");
    add_data(check_cmd);
    check_cmd->add_option("--repair", repair_salon, "Recompute this salon's totals and search data from its rows (server stopped), then check");
    check_cmd->callback([&] { code = cli::check(data_dir, repair_salon); });

    // export
    cli::ExportOptions export_options;
    auto* export_cmd = app.add_subcommand("export", "Write a ZIP of CSV files (customers, animals, appointments, invoices, ...)");
    add_data(export_cmd);
    export_cmd->add_option("--salon", export_options.salon, "Salon slug")->required();
    export_cmd->add_option("--out", export_options.out, "ZIP file to write")->required();
    export_cmd->callback([&] {
        export_options.data_dir = data_dir;
        code = cli::export_salon(export_options);
    });

    // mail test: the mail settings of serve, from the same flags, SALONBOX_* variables or config file. The
    // config file's [serve] section lands in `serve` (CLI11 fills a subcommand's options from its section
    // without running it); a flag or variable given here wins over it.
    app::ServeOptions mail_flags;
    mail_flags.mail_transport.clear();
    std::string mail_to;
    auto* mail_cmd = app.add_subcommand("mail", "Check how salonbox sends emails");
    mail_cmd->require_subcommand(1);
    auto* mail_test_cmd = mail_cmd->add_subcommand("test", "Send a test message with the mail settings of `serve` and show the SMTP server's answer");
    mail_test_cmd->add_option("--to", mail_to, "Address to send the test message to")->required();
    mail_test_cmd->add_option("--mail-transport", mail_flags.mail_transport, "smtp or console, as for serve")->envname("SALONBOX_MAIL_TRANSPORT");
    mail_test_cmd->add_option("--smtp-url", mail_flags.smtp_url, "SMTP server, smtp://HOST:PORT (STARTTLS) or smtps://HOST:PORT")->envname("SALONBOX_SMTP_URL");
    mail_test_cmd->add_option("--smtp-user", mail_flags.smtp_user, "SMTP user name")->envname("SALONBOX_SMTP_USER");
    mail_test_cmd->add_option("--smtp-password-file", mail_flags.smtp_password_file, "File holding the SMTP password")->envname("SALONBOX_SMTP_PASSWORD_FILE");
    mail_test_cmd->add_option("--mail-from", mail_flags.mail_from, "Sender address")->envname("SALONBOX_MAIL_FROM");
    mail_test_cmd->callback([&] {
        app::ServeOptions effective = serve;
        for (auto field : {&app::ServeOptions::mail_transport, &app::ServeOptions::smtp_url, &app::ServeOptions::smtp_user,
                           &app::ServeOptions::smtp_password_file, &app::ServeOptions::mail_from})
            if (!(mail_flags.*field).empty()) effective.*field = mail_flags.*field;
        code = cli::mail_test(effective, mail_to);
    });

    // demo
    cli::DemoOptions demo;
    std::string demo_password;
    auto* demo_cmd = app.add_subcommand("demo", "Create the demo salon 'Happy Paws Grooming' and print its sign-ins");
    add_data(demo_cmd);
    auto* password_opt = demo_cmd->add_option("--password", demo_password, "One password for every demo account (default: random ones)");
    std::string demo_size = "small";
    demo_cmd->add_option("--size", demo_size, "small (the demo of the documentation) or large (five years of a busy salon, for benchmarks)")
        ->check(CLI::IsMember({"small", "large"}));
    demo_cmd->callback([&] {
        demo.data_dir = data_dir;
        if (password_opt->count()) demo.password = demo_password;
        demo.large = demo_size == "large";
        code = cli::demo(demo);
    });

    // routes
    auto* routes_cmd = app.add_subcommand("routes", "List every route: method, path, access (who may reach it) and face");
    routes_cmd->callback([&] { code = cli::routes(); });

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (!dynamic_cast<const CLI::Success*>(&e)) std::fprintf(stderr, "salonbox: ");
        int exit = app.exit(e);
        return exit == 0 ? cli::k_ok : cli::k_usage;
    }
    curl_global_cleanup();
    return code;
}
