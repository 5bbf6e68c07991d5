#include "storage/animal_type_store.h"

#include "embed/embedded_assets.h"

#include "storage/statement.h"
#include <nlohmann/json.hpp>

namespace salonbox::storage::animal_type_store {

void seed(WriteTx& tx) {
    auto list = nlohmann::json::parse(embed::require("assets/data/animal_types.json"));
    auto add_species = tx.prepare("INSERT INTO species (code) VALUES (?) ON CONFLICT(code) DO NOTHING");
    auto find_species = tx.prepare("SELECT id FROM species WHERE code = ?");
    auto add_species_name = tx.prepare("INSERT OR IGNORE INTO species_names (species_id, locale, name) VALUES (?, ?, ?)");
    auto add_breed = tx.prepare("INSERT INTO breeds (species_id, code) VALUES (?, ?) ON CONFLICT(code) DO NOTHING");
    auto find_breed = tx.prepare("SELECT id FROM breeds WHERE code = ?");
    auto add_breed_name = tx.prepare("INSERT OR IGNORE INTO breed_names (breed_id, locale, name) VALUES (?, ?, ?)");
    auto id_of = [](Statement& find, const std::string& code) {
        find.reset();
        find.bind(1, code);
        find.executeStep();
        return find.getColumn(0).getInt64();
    };
    for (const auto& sp : list.at("species")) {
        const std::string code = sp.at("code");
        add_species.reset();
        add_species.bind(1, code);
        add_species.exec();
        auto sid = id_of(find_species, code);
        for (const auto& [locale, name] : sp.at("names").items()) {
            add_species_name.reset();
            add_species_name.bind(1, sid);
            add_species_name.bind(2, locale);
            add_species_name.bind(3, name.get<std::string>());
            add_species_name.exec();
        }
        for (const auto& br : sp.value("breeds", nlohmann::json::array())) {
            const std::string bcode = br.at("code");
            add_breed.reset();
            add_breed.bind(1, sid);
            add_breed.bind(2, bcode);
            add_breed.exec();
            auto bid = id_of(find_breed, bcode);
            for (const auto& [locale, name] : br.at("names").items()) {
                add_breed_name.reset();
                add_breed_name.bind(1, bid);
                add_breed_name.bind(2, locale);
                add_breed_name.bind(3, name.get<std::string>());
                add_breed_name.exec();
            }
        }
    }
}

namespace {
std::optional<std::int64_t> id_by_code(ReadTx& tx, const char* sql, std::string_view code) {
    auto st = tx.prepare(sql);
    st.bind(1, std::string(code));
    if (!st.executeStep()) return std::nullopt;
    return st.getColumn(0).getInt64();
}
}  // namespace

std::optional<std::int64_t> species_id(ReadTx& tx, std::string_view code) {
    return id_by_code(tx, "SELECT id FROM species WHERE code = ?", code);
}

std::optional<std::int64_t> breed_id(ReadTx& tx, std::string_view code) {
    return id_by_code(tx, "SELECT id FROM breeds WHERE code = ?", code);
}

namespace {
std::vector<NamedType> named(ReadTx& tx, const char* sql, std::string_view locale) {
    auto st = tx.prepare(sql);
    st.bind(1, std::string(locale));
    std::vector<NamedType> out;
    while (st.executeStep())
        out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getInt64(), st.getColumn(2).getString(), st.getColumn(3).getString()});
    return out;
}
}  // namespace

std::vector<NamedType> species(ReadTx& tx, std::string_view locale) {
    return named(tx,
                 "SELECT s.id, s.id, s.code, coalesce(l.name, e.name, s.code) FROM species s "
                 "LEFT JOIN species_names l ON l.species_id = s.id AND l.locale = ?1 "
                 "LEFT JOIN species_names e ON e.species_id = s.id AND e.locale = 'en' ORDER BY s.id",
                 locale);
}

std::vector<NamedType> breeds(ReadTx& tx, std::string_view locale) {
    return named(tx,
                 "SELECT b.id, b.species_id, b.code, coalesce(l.name, e.name, b.code) AS n FROM breeds b "
                 "LEFT JOIN breed_names l ON l.breed_id = b.id AND l.locale = ?1 "
                 "LEFT JOIN breed_names e ON e.breed_id = b.id AND e.locale = 'en' ORDER BY b.species_id, n",
                 locale);
}

}  // namespace salonbox::storage::animal_type_store
