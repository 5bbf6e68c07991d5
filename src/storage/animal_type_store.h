// Species and breeds with their names in every language, seeded from assets/data/animal_types.json.
#pragma once

#include "storage/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salonbox::storage::animal_type_store {

// Inserts the shipped list; codes already present are left as they are, so it can run again after an update.
void seed(WriteTx& tx);

std::optional<std::int64_t> species_id(ReadTx& tx, std::string_view code);
std::optional<std::int64_t> breed_id(ReadTx& tx, std::string_view code);

struct NamedType {
    std::int64_t id;
    std::int64_t species_id;  // the species itself for a species
    std::string code;
    std::string name;  // in the asked locale, English when missing
};
std::vector<NamedType> species(ReadTx& tx, std::string_view locale);
std::vector<NamedType> breeds(ReadTx& tx, std::string_view locale);

}  // namespace salonbox::storage::animal_type_store
