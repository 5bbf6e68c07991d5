#include "storage/outbox_store.h"

#include "storage/statement.h"

#include <stdexcept>

namespace salonbox::storage::outbox_store {

namespace {

// A message that will not be sent again keeps no live link or code: its sensitive bodies are emptied.
const std::string k_blank_sensitive_bodies =
    "body_text = CASE WHEN sensitive THEN '' ELSE body_text END, body_html = CASE WHEN sensitive THEN '' ELSE body_html END";

// Columns in the order read_row() takes them; `text` and `html` are the body expressions, so that list()
// can blank sensitive bodies in SQL.
std::string select_columns(std::string_view text, std::string_view html) {
    std::string columns = "id, to_address, to_name, subject, ";
    columns += text;
    columns += ", ";
    columns += html;
    columns += ", sensitive, status, attempts, last_error, created_at, next_attempt_at, sent_at";
    return columns;
}

OutboxMessage read_row(Statement& st) {
    OutboxMessage m;
    m.id = st.getColumn(0).getInt64();
    m.to_address = st.getColumn(1).getString();
    m.to_name = st.getColumn(2).getString();
    m.subject = st.getColumn(3).getString();
    m.body_text = st.getColumn(4).getString();
    m.body_html = st.getColumn(5).getString();
    m.sensitive = st.getColumn(6).getInt() != 0;
    m.status = st.getColumn(7).getString();
    m.attempts = st.getColumn(8).getInt();
    m.last_error = st.getColumn(9).getString();
    m.created_at = domain::from_unix(st.getColumn(10).getInt64());
    m.next_attempt_at = domain::from_unix(st.getColumn(11).getInt64());
    if (!st.getColumn(12).isNull()) m.sent_at = domain::from_unix(st.getColumn(12).getInt64());
    return m;
}

std::vector<OutboxMessage> read_all(Statement& st) {
    std::vector<OutboxMessage> out;
    while (st.executeStep()) out.push_back(read_row(st));
    return out;
}

// Fills in the attachments of `messages`, with their contents or (for the log) without.
void add_attachments(ReadTx& tx, std::vector<OutboxMessage>& messages, bool with_content) {
    auto st = tx.prepare(std::string("SELECT filename, content_type, ") + (with_content ? "content" : "''") +
                         " FROM outbox_attachments WHERE outbox_id = ? ORDER BY id");
    for (auto& m : messages) {
        st.bind(1, m.id);
        while (st.executeStep()) {
            OutboxAttachment attachment{st.getColumn(0).getString(), st.getColumn(1).getString(), {}};
            const auto content = st.getColumn(2);
            // An empty blob reads as a null pointer.
            if (content.getBytes() > 0)
                attachment.content.assign(static_cast<const char*>(content.getBlob()), static_cast<std::size_t>(content.getBytes()));
            m.attachments.push_back(std::move(attachment));
        }
        st.reset();
    }
}

}  // namespace

std::int64_t enqueue(WriteTx& tx, const OutboxMessage& message, std::optional<domain::Instant> at) {
    const auto now = at.value_or(tx.now());
    auto st = tx.prepare("INSERT INTO outbox (to_address, to_name, subject, body_text, body_html, sensitive, status, "
                         "attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)");
    st.bind(1, message.to_address);
    st.bind(2, message.to_name);
    st.bind(3, message.subject);
    st.bind(4, message.body_text);
    st.bind(5, message.body_html);
    st.bind(6, message.sensitive ? 1 : 0);
    st.bind(7, domain::to_unix(now));
    st.bind(8, domain::to_unix(now));
    st.exec();
    const auto id = tx.last_insert_id();
    auto add = tx.prepare("INSERT INTO outbox_attachments (outbox_id, filename, content_type, content) VALUES (?, ?, ?, ?)");
    for (const auto& attachment : message.attachments) {
        add.bind(1, id);
        add.bind(2, attachment.filename);
        add.bind(3, attachment.content_type);
        add.bind(4, static_cast<const void*>(attachment.content.data()), static_cast<int>(attachment.content.size()));
        add.exec();
        add.reset();
    }
    return id;
}

std::vector<OutboxMessage> due(ReadTx& tx, domain::Instant now, int limit) {
    auto st = tx.prepare("SELECT " + select_columns("body_text", "body_html") +
                                 " FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? "
                                 "ORDER BY next_attempt_at, id LIMIT ?");
    st.bind(1, domain::to_unix(now));
    st.bind(2, limit);
    auto messages = read_all(st);
    add_attachments(tx, messages, true);
    return messages;
}

bool claim(WriteTx& tx, std::int64_t id, domain::Instant seen_next_attempt_at, domain::Instant lease_until) {
    auto st = tx.prepare("UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND status = 'pending' AND next_attempt_at = ?");
    st.bind(1, domain::to_unix(lease_until));
    st.bind(2, id);
    st.bind(3, domain::to_unix(seen_next_attempt_at));
    return st.exec() == 1;
}

bool mark_sent(WriteTx& tx, std::int64_t id, domain::Instant now) {
    auto st = tx.prepare("UPDATE outbox SET status = 'sent', sent_at = ?, last_error = '', " + k_blank_sensitive_bodies + " WHERE id = ? AND status = 'pending'");
    st.bind(1, domain::to_unix(now));
    st.bind(2, id);
    return st.exec() == 1;
}

bool mark_retry(WriteTx& tx, std::int64_t id, std::string_view error, domain::Instant next_attempt_at) {
    auto st = tx.prepare("UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? "
                         "WHERE id = ? AND status = 'pending'");
    st.bind(1, std::string(error));
    st.bind(2, domain::to_unix(next_attempt_at));
    st.bind(3, id);
    return st.exec() == 1;
}

bool mark_failed(WriteTx& tx, std::int64_t id, std::string_view error) {
    auto st = tx.prepare("UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?, " + k_blank_sensitive_bodies +
                         " WHERE id = ? AND status = 'pending'");
    st.bind(1, std::string(error));
    st.bind(2, id);
    return st.exec() == 1;
}

std::vector<OutboxMessage> list(ReadTx& tx, int limit, int offset) {
    auto st = tx.prepare("SELECT " +
                                 select_columns("CASE WHEN sensitive THEN '' ELSE body_text END",
                                                "CASE WHEN sensitive THEN '' ELSE body_html END") +
                                 " FROM outbox ORDER BY id DESC LIMIT ? OFFSET ?");
    st.bind(1, limit);
    st.bind(2, offset);
    auto messages = read_all(st);
    add_attachments(tx, messages, false);
    return messages;
}

}  // namespace salonbox::storage::outbox_store
