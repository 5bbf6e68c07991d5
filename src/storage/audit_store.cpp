#include "storage/audit_store.h"

#include "domain/clock.h"

#include "storage/statement.h"

#include <string>

namespace salonbox::storage::audit_store {

std::string subject(RecordKind kind, std::int64_t id) {
    auto name = [&]() -> std::string_view {
        switch (kind) {
            case RecordKind::animal: return "animal";
            case RecordKind::appointment: return "appointment";
            case RecordKind::change_request: return "change";
            case RecordKind::customer: return "customer";
            case RecordKind::invoice: return "invoice";
            case RecordKind::package_type: return "package_type";
            case RecordKind::request: return "request";
            case RecordKind::service: return "service";
            case RecordKind::user: return "user";
        }
        return "record";
    };
    return std::string(name()) + ":" + std::to_string(id);
}

void record(WriteTx& tx, std::optional<std::int64_t> actor_user_id, std::string_view action,
            std::string_view subject, std::string_view detail, std::string_view ip) {
    auto st = tx.prepare("INSERT INTO audit_log (at, actor_user_id, action, subject, detail, ip) VALUES (?, ?, ?, ?, ?, ?)");
    st.bind(1, domain::to_unix(tx.now()));
    if (actor_user_id) st.bind(2, *actor_user_id); else st.bind(2);
    st.bind(3, std::string(action));
    st.bind(4, std::string(subject));
    st.bind(5, std::string(detail));
    st.bind(6, std::string(ip));
    st.exec();
}

std::optional<domain::Instant> last_portal_sign_in(ReadTx& tx, std::int64_t user_id) {
    auto st = tx.prepare("SELECT max(at) FROM audit_log WHERE actor_user_id = ? AND action = 'sign_in' "
                         "AND (detail = 'portal' OR detail LIKE 'portal %')");
    st.bind(1, user_id);
    if (!st.executeStep() || st.getColumn(0).isNull()) return std::nullopt;
    return domain::from_unix(st.getColumn(0).getInt64());
}

}  // namespace salonbox::storage::audit_store
