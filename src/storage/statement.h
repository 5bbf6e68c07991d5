// A prepared statement borrowed from a connection's cache for one use; storage's .cpp files only.
#pragma once

#include "storage/database.h"
#include "storage/store_result.h"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <memory>
#include <optional>
#include <string_view>
#include <utility>

namespace salonbox::storage {

// Binds, steps and reads like SQLite::Statement. When the handle is destroyed the statement is reset (so it
// holds no snapshot) and goes back to the cache; one prepared for a nested use of the same SQL is finalized.
class Statement {
public:
    Statement(SQLite::Statement& cached, bool& in_use) : st_(&cached), in_use_(&in_use) {}
    explicit Statement(std::unique_ptr<SQLite::Statement> own) : st_(own.get()), own_(std::move(own)) {}
    Statement(Statement&& other) noexcept
        : st_(std::exchange(other.st_, nullptr)), in_use_(std::exchange(other.in_use_, nullptr)), own_(std::move(other.own_)) {}
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement& operator=(Statement&&) = delete;
    ~Statement() { release(); }

    template <class... Args>
    void bind(Args&&... args) {
        st_->bind(std::forward<Args>(args)...);
    }
    bool executeStep() { return st_->executeStep(); }
    int exec() { return st_->exec(); }
    void reset() { st_->reset(); }
    SQLite::Column getColumn(int index) { return st_->getColumn(index); }
    int getColumnCount() const { return st_->getColumnCount(); }
    const char* getColumnName(int index) const { return st_->getColumnName(index); }

private:
    void release() noexcept;

    SQLite::Statement* st_;
    bool* in_use_ = nullptr;
    std::unique_ptr<SQLite::Statement> own_;
};

// Whether a failed statement was refused by one of schema.sql's overlap triggers (their RAISE message is ours).
inline bool is_overlap_refusal(const SQLite::Exception& e) {
    return e.getErrorCode() == SQLITE_CONSTRAINT && std::string_view(e.what()).find("appointment overlaps") != std::string_view::npos;
}

// Whether a failed statement was refused because a scheduled appointment would have no groomer (schema.sql).
inline bool is_staff_missing_refusal(const SQLite::Exception& e) {
    return e.getErrorCode() == SQLITE_CONSTRAINT && std::string_view(e.what()).find("appointment without staff") != std::string_view::npos;
}

// Whether a failed statement broke a UNIQUE constraint.
inline bool is_unique_violation(const SQLite::Exception& e) { return e.getExtendedErrorCode() == SQLITE_CONSTRAINT_UNIQUE; }

// The first column of the first row of a query without parameters (a count).
inline std::int64_t query_int(ReadTx& tx, std::string_view sql) {
    auto st = tx.prepare(sql);
    st.executeStep();
    return st.getColumn(0).getInt64();
}

// A total that the list_counts triggers keep (schema.sql names the lists: "active_customers", "unpaid_due_minor", ...):
// a long list's "N in all" read from one row instead of counted at every view.
inline std::int64_t kept_total(ReadTx& tx, std::string_view list) {
    auto st = tx.prepare("SELECT total FROM list_counts WHERE list = ?");
    st.bind(1, std::string(list));
    return st.executeStep() ? st.getColumn(0).getInt64() : 0;
}

}  // namespace salonbox::storage
