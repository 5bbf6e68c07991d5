#include "view/i18n.h"

#include "domain/salon_settings.h"
#include "domain/text.h"
#include "embed/embedded_assets.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace salonbox::view {

Catalogs::Catalogs(bool with_test_locale) {
    for (const auto& raw : embed::all_raw()) {
        std::string_view path(raw.path);
        // assets/i18n/<locale>/<area>.json: one file per area of the product, merged per language.
        if (!path.starts_with("assets/i18n/") || !path.ends_with(".json")) continue;
        auto rest = path.substr(12);
        auto slash = rest.find('/');
        if (slash == std::string_view::npos) continue;
        auto locale = std::string(rest.substr(0, slash));
        auto json = nlohmann::json::parse(std::string_view(raw.begin, static_cast<std::size_t>(raw.end - raw.begin)));
        auto& catalog = catalogs_[locale];
        for (const auto& [key, value] : json.items()) {
            if (!value.is_string()) throw std::runtime_error("catalog " + locale + ": key " + key + " is not a string");
            if (!catalog.emplace(key, value.get<std::string>()).second)
                throw std::runtime_error("catalog " + locale + ": key " + key + " appears in two files");
        }
    }
    if (with_test_locale) {
        auto& wrapped = catalogs_[std::string(test_locale)];
        for (const auto& [key, text] : catalogs_.at("en")) wrapped.emplace(key, "\u27E6" + text + "\u27E7");
    }
    for (const auto& [locale, _] : catalogs_) {
        DateWords w;
        for (int d = 0; d < 7; ++d) w.weekdays[d] = text(locale, "date.weekday." + std::to_string(d));
        for (int m = 1; m <= 12; ++m) {
            w.months[m] = text(locale, "date.month." + std::to_string(m));
            w.short_months[m] = text(locale, "date.month_short." + std::to_string(m));
        }
        w.first_day = text(locale, "date.first_day");
        w.long_pattern = text(locale, "date.long");
        w.medium_pattern = text(locale, "date.medium");
        w.short_pattern = text(locale, "date.short");
        date_words_.emplace(locale, std::move(w));
    }
}

const DateWords& Catalogs::date_words(std::string_view locale) const {
    auto it = date_words_.find(locale);
    return it != date_words_.end() ? it->second : date_words_.at("en");
}

std::string Catalogs::text(std::string_view locale, std::string_view key) const {
    for (auto l : {locale, std::string_view("en")}) {
        auto c = catalogs_.find(l);
        if (c == catalogs_.end()) continue;
        if (auto it = c->second.find(key); it != c->second.end()) return it->second;
    }
    return std::string(key);
}

bool Catalogs::has(std::string_view locale, std::string_view key) const {
    auto c = catalogs_.find(locale);
    return c != catalogs_.end() && c->second.contains(key);
}

std::vector<std::string> Catalogs::locales() const {
    std::vector<std::string> out;
    for (const auto& [l, _] : catalogs_) out.push_back(l);
    return out;
}

std::vector<std::string> Catalogs::keys(std::string_view locale) const {
    std::vector<std::string> out;
    if (auto c = catalogs_.find(locale); c != catalogs_.end())
        for (const auto& [k, _] : c->second) out.push_back(k);
    std::sort(out.begin(), out.end());
    return out;
}

bool Catalogs::wants_test_locale(std::string_view accept_language) const {
    if (!catalogs_.contains(test_locale)) return false;
    while (!accept_language.empty()) {
        auto comma = accept_language.find(',');
        auto item = accept_language.substr(0, comma);
        accept_language = comma == std::string_view::npos ? std::string_view{} : accept_language.substr(comma + 1);
        if (domain::ascii_lower(domain::trim(item.substr(0, item.find(';')))) == test_locale) return true;
    }
    return false;
}

std::string negotiate_locale(std::string_view header) {
    std::string best;
    double best_q = 0;
    while (!header.empty()) {
        auto comma = header.find(',');
        auto item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        auto semi = item.find(';');
        auto tag = domain::ascii_lower(domain::trim(item.substr(0, semi)));
        double q = 1.0;
        if (semi != std::string_view::npos) {
            auto params = domain::trim(item.substr(semi + 1));
            if (params.starts_with("q=")) {
                auto value = params.substr(2);
                q = 0;
                std::from_chars(value.data(), value.data() + value.size(), q);
            }
        }
        auto primary = tag.substr(0, tag.find('-'));
        if (q > best_q && domain::is_supported_locale(primary)) {
            best = primary;
            best_q = q;
        }
    }
    return best;
}

std::string choose_locale(std::string_view person_locale, std::string_view accept_language, std::string_view salon_locale) {
    if (domain::is_supported_locale(person_locale)) return std::string(person_locale);
    if (auto negotiated = negotiate_locale(accept_language); !negotiated.empty()) return negotiated;
    if (domain::is_supported_locale(salon_locale)) return std::string(salon_locale);
    return domain::supported_locales().front();
}

}  // namespace salonbox::view
