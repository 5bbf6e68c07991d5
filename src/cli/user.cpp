// `salonbox user add|reset-password|list`: accounts of a salon, from the terminal.
#include "auth/password.h"
#include "cli/commands.h"
#include "cli/password_input.h"
#include "cli/salon_access.h"
#include "domain/salon_settings.h"
#include "domain/text.h"
#include "storage/audit_store.h"
#include "storage/customer_store.h"
#include "storage/session_store.h"
#include "storage/user_store.h"
#include "storage/salon_store.h"
#include "view/templates.h"
#include "web/emails.h"

#include <cstdio>
#include <stdexcept>

namespace salonbox::cli {

int user_add(const UserAddOptions& o) {
    auto role = domain::parse_role(o.role);
    if (!role) {
        std::fprintf(stderr, "salonbox: --role: choose owner, manager, staff or customer, got '%s'\n", o.role.c_str());
        return k_usage;
    }
    auto email = domain::normalize_email(o.email);
    if (!domain::is_plausible_email(email)) {
        std::fprintf(stderr, "salonbox: --email: '%s' is not an email address\n", o.email.c_str());
        return k_usage;
    }
    if ((*role == domain::Role::customer) != o.customer_id.has_value()) {
        std::fprintf(stderr, "salonbox: --customer: %s\n",
                     o.customer_id ? "only a customer account is linked to a customer record" : "a customer account needs --customer ID");
        return k_usage;
    }
    if (!o.locale.empty() && !domain::is_supported_locale(o.locale)) {
        std::fprintf(stderr, "salonbox: --locale: choose en or fr\n");
        return k_usage;
    }
    return with_salon(o.data_dir, o.salon, [&](storage::Database& db) {
        if (o.customer_id && !db.read([&](storage::ReadTx& c) { return storage::customer_store::find(c, *o.customer_id).has_value(); })) {
            std::fprintf(stderr, "salonbox: --customer: salon '%s' has no customer %lld\n", o.salon.c_str(), *o.customer_id);
            return k_failed;
        }
        if (db.read([&](storage::ReadTx& c) { return storage::user_store::email_taken(c, email); })) {
            std::fprintf(stderr, "salonbox: salon '%s' already has an account for %s\n", o.salon.c_str(), email.c_str());
            return k_failed;
        }
        std::optional<storage::Customer> customer;
        if (o.customer_id) customer = db.read([&](storage::ReadTx& c) { return storage::customer_store::find(c, *o.customer_id); });
        auto salon = db.read([](storage::ReadTx& c) { return storage::salon_store::load(c); });
        // Where customers sign in only with emailed codes a password could never be used: none is set or sent.
        const bool codes_only = customer && !domain::allows_password_sign_in(salon);
        if (codes_only && o.password_stdin) {
            std::fprintf(stderr, "salonbox: --password-stdin: customers of salon '%s' sign in with emailed codes, not passwords\n", o.salon.c_str());
            return k_failed;
        }
        // A customer gets an invitation to choose their own password, unless one is given on standard input.
        bool invite = customer && !o.password_stdin && !codes_only;
        std::optional<NewPassword> password;
        if (!invite && !codes_only) {
            password = read_new_password(o.password_stdin, email);
            if (!password) return k_failed;
        }
        storage::User user;
        user.email = email;
        user.role = *role;
        user.display_name = !o.name.empty() ? o.name : customer ? customer->first_name + " " + customer->last_name : "";
        user.locale = !o.locale.empty() ? o.locale : customer ? customer->locale : "";
        if (o.customer_id) user.customer_id = *o.customer_id;
        if (password) user.password_hash = auth::PasswordHasher().hash(password->password).value();
        std::optional<view::Catalogs> catalogs;
        std::optional<view::Templates> templates;
        std::optional<auth::SecretKey> secret;
        if (invite) {
            catalogs.emplace();
            templates.emplace(*catalogs);
            secret = auth::SecretKey::load_or_create(o.data_dir);
        }
        auto link_base = o.public_url;
        while (link_base.ends_with('/')) link_base.pop_back();
        db.write([&](storage::WriteTx& c) {
            auto inserted = storage::user_store::insert(c, user);  // duplicate_email: added since the check above
            if (!inserted) throw std::runtime_error("salon '" + o.salon + "' already has an account for " + email);
            auto id = inserted.value();
            storage::audit_store::record(c, std::nullopt, "user_added", storage::audit_store::subject(storage::audit_store::RecordKind::user, id),
                                         domain::to_string(*role));
            if (invite) web::invite_account(c, web::MailContext{*templates, *catalogs, *secret, link_base}, salon, id);
        });
        std::printf("Added %s (%s) to salon '%s'.\n", email.c_str(), o.role.c_str(), o.salon.c_str());
        if (invite) std::printf("An invitation to choose a password is in the outbox; `salonbox serve` sends it.\n");
        if (codes_only) std::printf("They sign in with a code emailed to %s: no password is needed.\n", email.c_str());
        if (password && password->generated) std::printf("Password: %s\n(shown once; they can change it after signing in)\n", password->password.c_str());
        return k_ok;
    });
}

int user_reset_password(const UserPasswordOptions& o) {
    auto email = domain::normalize_email(o.email);
    return with_salon(o.data_dir, o.salon, [&](storage::Database& db) {
        auto user = db.read([&](storage::ReadTx& c) { return storage::user_store::find_by_email(c, email); });
        if (!user) {
            std::fprintf(stderr, "salonbox: salon '%s' has no account for %s\n", o.salon.c_str(), email.c_str());
            return k_failed;
        }
        auto password = read_new_password(o.password_stdin, email);
        if (!password) return k_failed;
        auth::PasswordHasher hasher;
        auto hash = hasher.hash(password->password).value();
        // A new password ends every session of the account.
        db.write([&](storage::WriteTx& c) {
            storage::user_store::set_password_hash(c, user->id, hash);
            storage::session_store::remove_for_user(c, user->id);
            storage::audit_store::record(c, std::nullopt, "password_reset_cli",
                                         storage::audit_store::subject(storage::audit_store::RecordKind::user, user->id));
        });
        std::printf("New password set for %s; their open sessions have ended.\n", email.c_str());
        if (password->generated) std::printf("Password: %s\n", password->password.c_str());
        return k_ok;
    });
}

int user_list(const std::string& data_dir, const std::string& salon) {
    return with_salon(data_dir, salon, [&](storage::Database& db) {
        auto users = db.read([](storage::ReadTx& c) { return storage::user_store::list(c); });
        for (const auto& u : users)
            std::printf("%-32s %-9s %-24s %s\n", u.email.c_str(), std::string(domain::to_string(u.role)).c_str(), u.display_name.c_str(),
                        u.active ? "active" : "disabled");
        return k_ok;
    });
}

}  // namespace salonbox::cli
