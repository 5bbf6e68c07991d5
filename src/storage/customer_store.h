// Customers of a salon and their animals.
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace salonbox::storage {

struct Customer {
    std::int64_t id = 0;
    std::string first_name, last_name, email, phone, address, locale, notes;
    bool archived = false;
};

struct Animal {
    std::int64_t id = 0;
    std::int64_t customer_id = 0;
    std::string name;
    std::int64_t species_id = 0;
    std::optional<std::int64_t> breed_id;
    std::string breed_detail, notes;
};

namespace customer_store {
std::int64_t insert(SQLite::Database& db, const Customer& customer);
std::optional<Customer> find(SQLite::Database& db, std::int64_t id);
int count_active(SQLite::Database& db);
}  // namespace customer_store

namespace animal_store {
std::int64_t insert(SQLite::Database& db, const Animal& animal);
}  // namespace animal_store

}  // namespace salonbox::storage
