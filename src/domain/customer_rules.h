// What a customer record and an animal record may hold: the checks behind the admin panel's forms.
#pragma once

#include "domain/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salonbox::domain {

// The cleaned-up form and every problem found in it, each naming its field. `value` is only meaningful
// when ok(); the form is shown again with all messages at once rather than one per round trip.
template <class T>
struct Checked {
    T value;
    std::vector<Error> errors;
    bool ok() const { return errors.empty(); }
};

struct CustomerFields {
    std::string first_name, last_name, email, phone, address, locale, notes;
};

// Trims every field and lower-cases the email. Names are required and at most 100 characters
// (error.name_required, admin.customers.error.name_too_long); the email is optional but plausible
// (error.email_invalid); the phone at most 40 characters of digits, spaces and + - . ( ) /
// (admin.customers.error.phone_invalid); the locale a supported one, "en" or "fr" (error.locale_unsupported); the address
// at most 500 and the notes at most 2000 characters (admin.customers.error.too_long). No control character in
// the names, none but line breaks and tabs in the address and notes (error.control_characters,
// also for the animal's texts below). Whether the email is free is the caller's question: it needs the database.
Checked<CustomerFields> check_customer(const CustomerFields& typed);

// A species or a breed as the pickers offer them: a breed names the species it belongs to.
struct AnimalType {
    std::int64_t id;
    std::int64_t species_id;  // the species itself for a species
};

struct AnimalForm {
    std::string customer_id, name, species_id, breed_id, breed_detail, birth_date, notes;
};

struct AnimalFields {
    std::int64_t customer_id = 0;
    std::string name;
    std::int64_t species_id = 0;
    std::optional<std::int64_t> breed_id;
    std::string breed_detail;
    std::string birth_date;  // "" or a valid "YYYY-MM-DD" not after today
    std::string notes;
};

struct CalendarDate {
    int year;
    unsigned month, day;
};

// Checks the typed animal form against the species and breeds that exist: an owner is chosen
// (admin.animals.error.customer_required), the name is required and at most 100 characters, the species
// exists (admin.animals.error.species_required), the breed is empty or one of the chosen species
// (admin.animals.error.breed_unknown, admin.animals.error.breed_other_species), the breed detail at most 100
// characters, the birth date empty or a real YYYY-MM-DD date (admin.animals.error.birth_date_invalid) not
// after `today` nor before 1900 (admin.animals.error.birth_date_future), notes at most 2000 characters.
// Whether the owner exists and is not archived is the caller's question.
Checked<AnimalFields> check_animal(const AnimalForm& typed, const std::vector<AnimalType>& species, const std::vector<AnimalType>& breeds,
                                   CalendarDate today);

// Parses "YYYY-MM-DD" into a date that exists in the calendar.
std::optional<CalendarDate> parse_birth_date(std::string_view text);
// A positive decimal id, nothing for anything else (signs, spaces, junk, overflow).
std::optional<std::int64_t> parse_record_id(std::string_view text);

}  // namespace salonbox::domain
