// The salon's settings: identity, address, time zone, language, currency, invoice numbering and payment
// terms, portal and email.
#include "domain/payment_terms.h"
#include "domain/salon_settings.h"
#include "domain/text.h"

#include <cctype>
#include "storage/audit_store.h"
#include "storage/invoice_store.h"
#include "storage/salon_store.h"
#include "web/handlers.h"

namespace salonbox::web {

namespace {
// `due_days` is the payment terms field as shown: the stored number, or what was typed when it is refused.
void show_settings(Context& ctx, int status, const domain::SalonSettings& s, const std::string& due_days,
                   const std::optional<domain::Error>& error) {
    auto d = ctx.page_data(ctx.t("admin.settings.title"), "settings");
    d.set("name", s.name);
    d.set("address", s.address);
    d.set("phone", s.phone);
    d.set("email", s.email);
    d.set("tax_id", s.tax_id);
    d.set("time_zone", s.time_zone);
    d.set("currency", s.currency);
    d.set("invoice_pattern", s.invoice_pattern);
    d.set("payment_due_days", due_days);
    d.set("mail_sender_name", s.mail_sender_name);
    d.set("mail_reply_to", s.mail_reply_to);
    d.set("portal_enabled", s.portal_enabled);
    d.set("portal_sign_in_" + s.portal_sign_in, true);
    d.set("locale_" + s.locale, true);
    view::Data zones{view::Data::type::list};
    for (const auto& z : domain::time_zone_names()) zones.push_back(view::Data("name", z));
    d.set("zones", zones);
    ctx.notice_from_done(d, {{"saved", "admin.settings.saved"}});
    if (error) add_error(ctx, d, *error);
    ctx.render(status, "admin/settings", std::move(d));
}
}  // namespace

void admin_settings_form(Context& ctx) {
    const int due_days = ctx.db->read([](storage::ReadTx& db) { return storage::invoice_store::payment_due_days(db); });
    show_settings(ctx, 200, ctx.salon, std::to_string(due_days), std::nullopt);
}

void admin_settings_submit(Context& ctx) {
    auto s = ctx.salon;  // the slug stays: it is the salon's address
    s.name = ctx.form("name");
    s.address = ctx.form("address");
    s.phone = ctx.form("phone");
    s.email = ctx.form("email");
    s.tax_id = ctx.form("tax_id");
    s.time_zone = domain::trim(ctx.form("time_zone"));
    s.locale = ctx.form("locale");
    s.currency = domain::trim(ctx.form("currency"));
    for (char& c : s.currency) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    s.invoice_pattern = domain::trim(ctx.form("invoice_pattern"));
    s.portal_enabled = ctx.form("portal_enabled") == "1";
    // A form from before this setting existed leaves it as it was.
    if (auto sign_in = ctx.form("portal_sign_in"); !sign_in.empty()) s.portal_sign_in = sign_in;
    s.mail_sender_name = ctx.form("mail_sender_name");
    s.mail_reply_to = ctx.form("mail_reply_to");
    auto valid = domain::validate(s);
    if (!valid) return show_settings(ctx, 422, s, ctx.form("payment_due_days"), valid.error());
    auto due_days = domain::parse_due_days(ctx.form("payment_due_days"));
    if (!due_days) return show_settings(ctx, 422, s, ctx.form("payment_due_days"), due_days.error());
    ctx.db->write([&](storage::WriteTx& db) {
        storage::salon_store::update(db, valid.value());
        storage::invoice_store::set_payment_due_days(db, due_days.value());
        storage::audit_store::record(db, ctx.session->user.id, "settings_changed", "", "", ctx.client_ip);
    });
    ctx.services.registry.reload_settings(ctx.salon.slug);
    ctx.redirect(ctx.base() + "/admin/settings?done=saved");
}

}  // namespace salonbox::web
