#include "storage/salon_store.h"

#include "domain/clock.h"

#include "storage/statement.h"

#include <stdexcept>

namespace salonbox::storage::salon_store {

namespace {
void bind_settings(Statement& st, const domain::SalonSettings& s) {
    st.bind(":slug", s.slug);
    st.bind(":name", s.name);
    st.bind(":address", s.address);
    st.bind(":phone", s.phone);
    st.bind(":tax_id", s.tax_id);
    st.bind(":tz", s.time_zone);
    st.bind(":locale", s.locale);
    st.bind(":currency", s.currency);
    st.bind(":pattern", s.invoice_pattern);
    st.bind(":portal", s.portal_enabled ? 1 : 0);
    st.bind(":sender", s.mail_sender_name);
    st.bind(":reply_to", s.mail_reply_to);
    st.bind(":sign_in", s.portal_sign_in);
}

void save_contact(WriteTx& tx, const domain::SalonSettings& s) {
    auto st = tx.prepare("INSERT INTO salon_contact (id, email) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET email = excluded.email");
    st.bind(1, s.email);
    st.exec();
}
}  // namespace

void insert(WriteTx& tx, const domain::SalonSettings& s) {
    auto st = tx.prepare("INSERT INTO salon (id, slug, name, address, phone, tax_id, time_zone, locale, currency, invoice_pattern, "
                         "portal_enabled, mail_sender_name, mail_reply_to, portal_sign_in, created_at) VALUES (1, :slug, :name, :address, "
                         ":phone, :tax_id, :tz, :locale, :currency, :pattern, :portal, :sender, :reply_to, :sign_in, :now)");
    bind_settings(st, s);
    st.bind(":now", domain::to_unix(tx.now()));
    st.exec();
    save_contact(tx, s);
}

domain::SalonSettings load(ReadTx& tx) {
    auto st = tx.prepare("SELECT slug, name, address, phone, tax_id, time_zone, locale, currency, invoice_pattern, "
                             "portal_enabled, mail_sender_name, mail_reply_to, portal_sign_in, coalesce(c.email, '') "
                             "FROM salon LEFT JOIN salon_contact c ON c.id = salon.id WHERE salon.id = 1");
    if (!st.executeStep()) throw std::runtime_error("salon database has no settings row");
    domain::SalonSettings s;
    s.slug = st.getColumn(0).getString();
    s.name = st.getColumn(1).getString();
    s.address = st.getColumn(2).getString();
    s.phone = st.getColumn(3).getString();
    s.tax_id = st.getColumn(4).getString();
    s.time_zone = st.getColumn(5).getString();
    s.locale = st.getColumn(6).getString();
    s.currency = st.getColumn(7).getString();
    s.invoice_pattern = st.getColumn(8).getString();
    s.portal_enabled = st.getColumn(9).getInt() != 0;
    s.mail_sender_name = st.getColumn(10).getString();
    s.mail_reply_to = st.getColumn(11).getString();
    s.portal_sign_in = st.getColumn(12).getString();
    s.email = st.getColumn(13).getString();
    return s;
}

void update(WriteTx& tx, const domain::SalonSettings& s) {
    auto st = tx.prepare("UPDATE salon SET slug = :slug, name = :name, address = :address, phone = :phone, tax_id = :tax_id, "
                         "time_zone = :tz, locale = :locale, currency = :currency, invoice_pattern = :pattern, "
                         "portal_enabled = :portal, mail_sender_name = :sender, mail_reply_to = :reply_to, portal_sign_in = :sign_in "
                         "WHERE id = 1");
    bind_settings(st, s);
    st.exec();
    save_contact(tx, s);
}

}  // namespace salonbox::storage::salon_store
