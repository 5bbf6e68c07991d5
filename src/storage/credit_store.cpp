#include "storage/credit_store.h"

#include "storage/statement.h"

namespace salonbox::storage::credit_store {

std::int64_t balance(ReadTx& tx, std::int64_t customer_id) {
    auto st = tx.prepare("SELECT coalesce(sum(amount_minor), 0) FROM credit_entries WHERE customer_id = ?");
    st.bind(1, customer_id);
    st.executeStep();
    return st.getColumn(0).getInt64();
}

std::vector<CreditRow> entries(ReadTx& tx, std::int64_t customer_id, int limit) {
    auto st = tx.prepare(
        "SELECT e.id, e.amount_minor, e.kind, e.note, e.created_at, e.invoice_id, coalesce(i.number, ''), coalesce(u.display_name, '') "
        "FROM credit_entries e LEFT JOIN invoices i ON i.id = e.invoice_id LEFT JOIN users u ON u.id = e.recorded_by "
        "WHERE e.customer_id = ? ORDER BY e.created_at DESC, e.id DESC LIMIT ?");
    st.bind(1, customer_id);
    st.bind(2, limit);
    std::vector<CreditRow> out;
    while (st.executeStep()) {
        CreditRow r;
        r.id = st.getColumn(0).getInt64();
        r.amount_minor = st.getColumn(1).getInt64();
        r.kind = domain::parse_credit_kind(st.getColumn(2).getString()).value_or(domain::CreditKind::prepayment);
        r.note = st.getColumn(3).getString();
        r.at = domain::from_unix(st.getColumn(4).getInt64());
        if (!st.getColumn(5).isNull()) r.invoice_id = st.getColumn(5).getInt64();
        r.invoice_number = st.getColumn(6).getString();
        r.recorded_by = st.getColumn(7).getString();
        out.push_back(std::move(r));
    }
    return out;
}

StoreResult<std::int64_t> add(WriteTx& tx, const CreditEntry& e) {
    auto st = tx.prepare(
        "INSERT INTO credit_entries (customer_id, amount_minor, kind, note, invoice_id, payment_id, recorded_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, e.customer_id);
    st.bind(2, e.amount_minor);
    st.bind(3, std::string(domain::to_string(e.kind)));
    st.bind(4, e.note);
    if (e.invoice_id) st.bind(5, *e.invoice_id); else st.bind(5);
    if (e.payment_id) st.bind(6, *e.payment_id); else st.bind(6);
    if (e.recorded_by) st.bind(7, *e.recorded_by); else st.bind(7);
    st.bind(8, domain::to_unix(tx.now()));
    try {
        st.exec();
    } catch (const SQLite::Exception& ex) {
        if (ex.getErrorCode() == SQLITE_CONSTRAINT && std::string_view(ex.what()).find("credit balance short") != std::string_view::npos)
            return StoreError::credit_short;
        throw;
    }
    return tx.last_insert_id();
}

std::int64_t used_for_appointment(ReadTx& tx, std::int64_t appointment_id) {
    auto st = tx.prepare(
        "SELECT coalesce(-sum(e.amount_minor), 0) FROM credit_entries e JOIN invoices i ON i.id = e.invoice_id "
        "WHERE i.appointment_id = ? AND e.kind = 'invoice_payment'");
    st.bind(1, appointment_id);
    st.executeStep();
    return st.getColumn(0).getInt64();
}

}  // namespace salonbox::storage::credit_store
