// Translations: flat JSON catalogs per language (assets/i18n/<locale>/<area>.json) and choosing the language.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace salonbox::view {

class Catalogs {
public:
    // Loads every embedded catalog; throws std::runtime_error on malformed JSON.
    Catalogs();

    // The text of `key` in `locale`, else in English, else the key itself (visible, so a gap gets noticed).
    // A copy: two texts of one expression never share storage, whether found or not.
    std::string text(std::string_view locale, std::string_view key) const;
    bool has(std::string_view locale, std::string_view key) const;
    std::vector<std::string> locales() const;
    std::vector<std::string> keys(std::string_view locale) const;

private:
    std::map<std::string, std::unordered_map<std::string, std::string>, std::less<>> catalogs_;
};

// The first supported language of an Accept-Language header, honouring q-values; "" when none matches.
std::string negotiate_locale(std::string_view accept_language);

// The language to speak: the person's own setting when supported, then the browser's, then the salon's.
std::string choose_locale(std::string_view person_locale, std::string_view accept_language, std::string_view salon_locale);

}  // namespace salonbox::view
