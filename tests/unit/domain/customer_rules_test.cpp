#include "domain/customer_rules.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace salonbox::domain;

namespace {
std::string fields_of(const std::vector<Error>& errors) {
    std::string out;
    for (const auto& e : errors) out += (out.empty() ? "" : " ") + e.field + ":" + e.message_key;
    return out;
}

CustomerFields valid_customer() { return {"Alice", "Martin", "alice@example.test", "+33 6 11 22 33 44", "4 avenue Foch", "en", ""}; }

// Dog 1 with breeds 10 (poodle) and 11; cat 2 with breed 20; rabbit 3 without breeds.
const std::vector<AnimalType> k_species{{1, 1}, {2, 2}, {3, 3}};
const std::vector<AnimalType> k_breeds{{10, 1}, {11, 1}, {20, 2}};
constexpr CalendarDate k_today{2026, 6, 1};

AnimalForm valid_animal() { return {"7", " Buddy ", "1", "10", "Apricot", "2021-04-30", ""}; }
}  // namespace

TEST_CASE("a customer form is cleaned up: trimmed, email lower-cased") {
    auto c = check_customer({"  Zoé ", " Leclerc", " Zoe.Leclerc@Example.TEST ", " 01 23 45 67 89 ", " 1 rue\n", "fr", "  note "});
    REQUIRE(c.ok());
    CHECK(c.value.first_name == "Zoé");
    CHECK(c.value.last_name == "Leclerc");
    CHECK(c.value.email == "zoe.leclerc@example.test");
    CHECK(c.value.phone == "01 23 45 67 89");
    CHECK(c.value.address == "1 rue");
    CHECK(c.value.notes == "note");
}

TEST_CASE("the email and the phone are optional; the names and the language are not") {
    auto c = valid_customer();
    c.email = "";
    c.phone = "";
    CHECK(check_customer(c).ok());
    c.first_name = " ";
    c.last_name = "";
    c.locale = "de";
    CHECK(fields_of(check_customer(c).errors) == "first_name:error.name_required last_name:error.name_required locale:error.locale_unsupported");
}

TEST_CASE("every wrong customer field is reported at once, each next to its field") {
    CustomerFields c{std::string(101, 'x'), "Martin", "alice at example", "call me maybe", std::string(501, 'a'), "", std::string(2001, 'n')};
    CHECK(fields_of(check_customer(c).errors) ==
          "first_name:admin.customers.error.name_too_long email:error.email_invalid phone:admin.customers.error.phone_invalid "
          "address:admin.customers.error.too_long locale:error.locale_unsupported notes:admin.customers.error.too_long");
}

TEST_CASE("limits count letters, not bytes") {
    auto c = valid_customer();
    std::string e_acute = "é";
    c.first_name.clear();
    for (int i = 0; i < 100; ++i) c.first_name += e_acute;  // 200 bytes, 100 letters
    CHECK(check_customer(c).ok());
    c.first_name += e_acute;
    CHECK(fields_of(check_customer(c).errors) == "first_name:admin.customers.error.name_too_long");
}

TEST_CASE("phone numbers take digits and the usual separators") {
    auto c = valid_customer();
    for (const char* ok : {"+33 (0)6 11 22 33 44", "06.11.22.33.44", "020-7946-0000", "555/1234"}) {
        c.phone = ok;
        CHECK_MESSAGE(check_customer(c).ok(), ok);
    }
    for (const char* bad : {"0611 ext. 2", "+-()", "06 11 22 33 44 55 66 77 88 99 00 11 22 33 44", "06<script>"}) {
        c.phone = bad;
        CHECK_MESSAGE(fields_of(check_customer(c).errors) == "phone:admin.customers.error.phone_invalid", bad);
    }
}

TEST_CASE("a valid animal form becomes ids and trimmed text") {
    auto a = check_animal(valid_animal(), k_species, k_breeds, k_today);
    REQUIRE(a.ok());
    CHECK(a.value.customer_id == 7);
    CHECK(a.value.name == "Buddy");
    CHECK(a.value.species_id == 1);
    CHECK(a.value.breed_id == 10);
    CHECK(a.value.birth_date == "2021-04-30");
    auto no_breed = valid_animal();
    no_breed.breed_id = "";
    no_breed.birth_date = "";
    no_breed.species_id = "3";
    auto b = check_animal(no_breed, k_species, k_breeds, k_today);
    REQUIRE(b.ok());
    CHECK_FALSE(b.value.breed_id.has_value());
    CHECK(b.value.birth_date.empty());
}

TEST_CASE("a breed must belong to the chosen species") {
    auto a = valid_animal();
    a.species_id = "2";  // cat with a poodle
    CHECK(fields_of(check_animal(a, k_species, k_breeds, k_today).errors) == "breed_id:admin.animals.error.breed_other_species");
    a.breed_id = "99";
    CHECK(fields_of(check_animal(a, k_species, k_breeds, k_today).errors) == "breed_id:admin.animals.error.breed_unknown");
    a.breed_id = "20";
    CHECK(check_animal(a, k_species, k_breeds, k_today).ok());
}

TEST_CASE("each wrong animal field names itself") {
    AnimalForm a{"abc", "", "42", "", std::string(101, 'x'), "2026-02-30", std::string(2001, 'n')};
    CHECK(fields_of(check_animal(a, k_species, k_breeds, k_today).errors) ==
          "customer_id:admin.animals.error.customer_required name:error.name_required species_id:admin.animals.error.species_required "
          "breed_detail:admin.customers.error.too_long birth_date:admin.animals.error.birth_date_invalid notes:admin.customers.error.too_long");
}

TEST_CASE("a birth date is a real date between 1900 and today") {
    auto a = valid_animal();
    auto birth = [&](const char* date) {
        a.birth_date = date;
        return fields_of(check_animal(a, k_species, k_breeds, k_today).errors);
    };
    CHECK(birth("2026-06-01") == "");
    CHECK(birth("2024-02-29") == "");
    CHECK(birth("2026-06-02") == "birth_date:admin.animals.error.birth_date_future");
    CHECK(birth("1899-12-31") == "birth_date:admin.animals.error.birth_date_future");
    CHECK(birth("2023-02-29") == "birth_date:admin.animals.error.birth_date_invalid");
    CHECK(birth("30/04/2021") == "birth_date:admin.animals.error.birth_date_invalid");
    CHECK(birth("2021-4-30") == "birth_date:admin.animals.error.birth_date_invalid");
    CHECK(birth("2021-04-3x") == "birth_date:admin.animals.error.birth_date_invalid");
}

TEST_CASE("record ids are positive decimal numbers and nothing else") {
    CHECK(parse_record_id("42") == 42);
    for (const char* bad : {"", "0", "-1", "+1", " 1", "1 ", "1x", "0x10", "99999999999999999999"}) CHECK_MESSAGE(!parse_record_id(bad), bad);
}

TEST_CASE("a NUL or another control character is refused in every customer text; addresses and notes keep their lines") {
    auto c = valid_customer();
    c.first_name = std::string("Ca\0rol", 6);
    c.last_name = "White\x1b[31m";
    c.address = std::string("12 rue\0 des Lilas", 17);
    c.notes = "Bites\x7f";
    CHECK(fields_of(check_customer(c).errors) ==
          "first_name:error.control_characters last_name:error.control_characters "
          "address:error.control_characters notes:error.control_characters");
    c = valid_customer();
    c.address = "12 rue des Lilas\r\n75011 Paris";
    c.notes = "Muzzle:\tfor nails\nDryer: no";
    CHECK(check_customer(c).ok());
    c.first_name = "Line\nbreak";
    CHECK(fields_of(check_customer(c).errors) == "first_name:error.control_characters");
}
