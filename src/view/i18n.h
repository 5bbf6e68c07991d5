// Translations: flat JSON catalogs per language (assets/i18n/<locale>/<area>.json) and choosing the language.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace salonbox::view {

// The words and patterns dates are written with in one language, read from its catalog once.
struct DateWords {
    std::string weekdays[7];        // date.weekday.0 (Sunday) .. 6
    std::string months[13];         // date.month.1 .. 12
    std::string short_months[13];   // date.month_short.1 .. 12
    std::string first_day;          // date.first_day: "1", or "1er" in French
    std::string long_pattern, medium_pattern, short_pattern;  // date.long, date.medium, date.short
};

class Catalogs {
public:
    // The test locale: every English text wrapped in ⟦ and ⟧, so a test can spot what reaches a page without
    // passing through a catalog (words written in a template, a key built in C++ that does not exist). It
    // exists only in catalogs built `with_test_locale` (salonbox serve started with SALONBOX_TEST_LOCALE=1, by
    // the tests), never for customers; a request asks for it with `Accept-Language: x-test`.
    static constexpr std::string_view test_locale = "x-test";

    // Loads every embedded catalog; throws std::runtime_error on malformed JSON.
    explicit Catalogs(bool with_test_locale = false);

    // The text of `key` in `locale`, else in English, else the key itself (visible, so a gap gets noticed).
    // A copy: two texts of one expression never share storage, whether found or not.
    std::string text(std::string_view locale, std::string_view key) const;
    bool has(std::string_view locale, std::string_view key) const;
    std::vector<std::string> locales() const;
    std::vector<std::string> keys(std::string_view locale) const;
    // True when these catalogs hold the test locale and the Accept-Language header names it: it then wins
    // over every other choice of language, the signed-in person's included.
    bool wants_test_locale(std::string_view accept_language) const;
    // The date words of `locale` as text() gives them (so English ones for a language without a catalog).
    const DateWords& date_words(std::string_view locale) const;

private:
    // Looked up by string_view: a key is never copied into a std::string to be found.
    struct KeyHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
    };
    using Catalog = std::unordered_map<std::string, std::string, KeyHash, std::equal_to<>>;
    std::map<std::string, Catalog, std::less<>> catalogs_;
    std::map<std::string, DateWords, std::less<>> date_words_;  // per locale of catalogs_
};

// The first supported language of an Accept-Language header, honouring q-values; "" when none matches.
std::string negotiate_locale(std::string_view accept_language);

// The language to speak: the person's own setting when supported, then the browser's, then the salon's.
std::string choose_locale(std::string_view person_locale, std::string_view accept_language, std::string_view salon_locale);

}  // namespace salonbox::view
