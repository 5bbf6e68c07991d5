// The salon's audit log: who did what and when, never with secrets in it.
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string_view>

namespace salonbox::storage::audit_store {

void record(SQLite::Database& db, std::optional<std::int64_t> actor_user_id, std::string_view action,
            std::string_view subject = {}, std::string_view detail = {}, std::string_view ip = {});

}  // namespace salonbox::storage::audit_store
