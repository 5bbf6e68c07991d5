#include "domain/customer_rules.h"

#include "domain/salon_settings.h"
#include "domain/text.h"

#include <algorithm>
#include <chrono>
#include <charconv>
#include <tuple>

namespace salonbox::domain {

namespace {
constexpr std::size_t k_name_max = 100;
constexpr std::size_t k_phone_max = 40;
constexpr std::size_t k_address_max = 500;
constexpr std::size_t k_notes_max = 2000;

void check_name(std::vector<Error>& errors, const std::string& field, const std::string& value) {
    if (value.empty()) errors.push_back({field, "error.name_required"});
    else if (code_points(value) > k_name_max) errors.push_back({field, "admin.customers.error.name_too_long"});
    else if (has_control_characters(value)) errors.push_back({field, "error.control_characters"});
}

// A free text of several lines: at most `max` characters, line breaks and tabs but no other control character.
void check_length(std::vector<Error>& errors, const std::string& field, const std::string& value, std::size_t max) {
    if (code_points(value) > max) errors.push_back({field, "admin.customers.error.too_long"});
    else if (has_stray_control_characters(value)) errors.push_back({field, "error.control_characters"});
}

bool is_phone_text(std::string_view phone) {
    return std::all_of(phone.begin(), phone.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/';
    }) && std::any_of(phone.begin(), phone.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<std::int64_t> id_among(const std::string& text, const std::vector<AnimalType>& types, const AnimalType** found) {
    auto id = parse_record_id(text);
    if (!id) return std::nullopt;
    auto it = std::find_if(types.begin(), types.end(), [&](const AnimalType& t) { return t.id == *id; });
    if (it == types.end()) return std::nullopt;
    *found = &*it;
    return id;
}
}  // namespace

Checked<CustomerFields> check_customer(const CustomerFields& typed) {
    Checked<CustomerFields> out;
    auto& c = out.value;
    c.first_name = trim(typed.first_name);
    c.last_name = trim(typed.last_name);
    c.email = normalize_email(typed.email);
    c.phone = trim(typed.phone);
    c.address = trim(typed.address);
    c.locale = trim(typed.locale);
    c.notes = trim(typed.notes);
    check_name(out.errors, "first_name", c.first_name);
    check_name(out.errors, "last_name", c.last_name);
    if (!c.email.empty() && !is_plausible_email(c.email)) out.errors.push_back({"email", "error.email_invalid"});
    if (!c.phone.empty() && (c.phone.size() > k_phone_max || !is_phone_text(c.phone)))
        out.errors.push_back({"phone", "admin.customers.error.phone_invalid"});
    check_length(out.errors, "address", c.address, k_address_max);
    if (!is_supported_locale(c.locale)) out.errors.push_back({"locale", "error.locale_unsupported"});
    check_length(out.errors, "notes", c.notes, k_notes_max);
    return out;
}

Checked<AnimalFields> check_animal(const AnimalForm& typed, const std::vector<AnimalType>& species, const std::vector<AnimalType>& breeds,
                                   CalendarDate today) {
    Checked<AnimalFields> out;
    auto& a = out.value;
    if (auto owner = parse_record_id(trim(typed.customer_id))) a.customer_id = *owner;
    else out.errors.push_back({"customer_id", "admin.animals.error.customer_required"});

    a.name = trim(typed.name);
    check_name(out.errors, "name", a.name);

    const AnimalType* chosen_species = nullptr;
    if (auto id = id_among(trim(typed.species_id), species, &chosen_species)) a.species_id = *id;
    else out.errors.push_back({"species_id", "admin.animals.error.species_required"});

    if (auto breed_text = trim(typed.breed_id); !breed_text.empty()) {
        const AnimalType* breed = nullptr;
        if (!id_among(breed_text, breeds, &breed)) out.errors.push_back({"breed_id", "admin.animals.error.breed_unknown"});
        else if (chosen_species && breed->species_id != chosen_species->id)
            out.errors.push_back({"breed_id", "admin.animals.error.breed_other_species"});
        else a.breed_id = breed->id;
    }

    a.breed_detail = trim(typed.breed_detail);
    if (code_points(a.breed_detail) > k_name_max) out.errors.push_back({"breed_detail", "admin.customers.error.too_long"});
    else if (has_control_characters(a.breed_detail)) out.errors.push_back({"breed_detail", "error.control_characters"});

    a.birth_date = trim(typed.birth_date);
    if (!a.birth_date.empty()) {
        auto date = parse_birth_date(a.birth_date);
        auto key = [](const CalendarDate& d) { return std::tuple{d.year, d.month, d.day}; };
        if (!date) out.errors.push_back({"birth_date", "admin.animals.error.birth_date_invalid"});
        else if (date->year < 1900 || key(*date) > key(today)) out.errors.push_back({"birth_date", "admin.animals.error.birth_date_future"});
    }

    a.notes = trim(typed.notes);
    check_length(out.errors, "notes", a.notes, k_notes_max);
    return out;
}

std::optional<CalendarDate> parse_birth_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    auto number = [&](std::size_t from, std::size_t length) -> std::optional<int> {
        int value = 0;
        for (std::size_t i = from; i < from + length; ++i) {
            if (text[i] < '0' || text[i] > '9') return std::nullopt;
            value = value * 10 + (text[i] - '0');
        }
        return value;
    };
    auto y = number(0, 4), m = number(5, 2), d = number(8, 2);
    if (!y || !m || !d) return std::nullopt;
    std::chrono::year_month_day ymd{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)}, std::chrono::day{static_cast<unsigned>(*d)}};
    if (!ymd.ok()) return std::nullopt;
    return CalendarDate{*y, static_cast<unsigned>(*m), static_cast<unsigned>(*d)};
}

std::optional<std::int64_t> parse_record_id(std::string_view text) {
    std::int64_t id = 0;
    if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
    auto r = std::from_chars(text.data(), text.data() + text.size(), id);
    if (r.ec != std::errc{} || r.ptr != text.data() + text.size() || id <= 0) return std::nullopt;
    return id;
}

}  // namespace salonbox::domain
