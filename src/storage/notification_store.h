// Notifications of staff members: what the bell of the admin panel counts and lists.
#pragma once

#include "domain/clock.h"

#include "storage/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salonbox::storage {

struct Notification {
    std::int64_t id = 0;
    std::string kind, message, link;
    domain::Instant created_at{};
    bool read = false;
};

namespace notification_store {
// `message` is already written in the recipient's language; `link` is a path inside the admin panel.
void add(WriteTx& tx, std::int64_t user_id, std::string_view kind, std::string_view message, std::string_view link);
// Notifies every active owner and manager, plus `also_user_id` when it is someone else (the assigned groomer).
void add_for_managers(WriteTx& tx, std::optional<std::int64_t> also_user_id, std::string_view kind,
                      std::string_view message, std::string_view link);
int unread_count(ReadTx& tx, std::int64_t user_id);
std::vector<Notification> latest(ReadTx& tx, std::int64_t user_id, int limit);
void mark_all_read(WriteTx& tx, std::int64_t user_id, domain::Instant now);
}  // namespace notification_store

}  // namespace salonbox::storage
