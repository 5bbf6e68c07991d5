#include "cli/demo_history.h"

#include "storage/animal_type_store.h"
#include "storage/bulk_history.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace salonbox::cli {

namespace {
// splitmix64: a small generator whose sequence is the same on every machine and compiler, unlike the
// distributions of <random>.
class Seeded {
public:
    explicit Seeded(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
    bool per_mille(int chance) { return below(1000) < chance; }
    template <class T, std::size_t N>
    const T& pick(const std::array<T, N>& from) { return from[static_cast<std::size_t>(below(static_cast<int>(N)))]; }

private:
    std::uint64_t state_;
};

struct Name {
    const char* shown;
    const char* ascii;  // for the email address
};
// French names with accents, so that searching "helene" or "lefevre" has something to find.
constexpr std::array<Name, 32> k_first_names{{
    {"Hélène", "helene"}, {"Zoé", "zoe"},       {"Chloé", "chloe"},     {"François", "francois"}, {"Élodie", "elodie"},
    {"Loïc", "loic"},     {"Noémie", "noemie"}, {"Aurélie", "aurelie"}, {"Jérôme", "jerome"},     {"Benoît", "benoit"},
    {"Maëlle", "maelle"}, {"Agnès", "agnes"},   {"Léa", "lea"},         {"Théo", "theo"},         {"Camille", "camille"},
    {"Lucas", "lucas"},   {"Emma", "emma"},     {"Louis", "louis"},     {"Sarah", "sarah"},       {"Hugo", "hugo"},
    {"Manon", "manon"},   {"Nathan", "nathan"}, {"Julie", "julie"},     {"Thomas", "thomas"},     {"Pauline", "pauline"},
    {"Olivia", "olivia"}, {"James", "james"},   {"Grace", "grace"},     {"Oliver", "oliver"},     {"Sophie", "sophie"},
    {"Inès", "ines"},     {"Gaëlle", "gaelle"},
}};
constexpr std::array<Name, 32> k_last_names{{
    {"Dupré", "dupre"},       {"Lefèvre", "lefevre"},     {"Bénard", "benard"},     {"Gauthier", "gauthier"}, {"Moreau", "moreau"},
    {"Laurent", "laurent"},   {"Girard", "girard"},       {"Rousseau", "rousseau"}, {"Fontaine", "fontaine"}, {"Chevalier", "chevalier"},
    {"Mercier", "mercier"},   {"Bonnet", "bonnet"},       {"François", "francois"}, {"Lemaître", "lemaitre"}, {"Béranger", "beranger"},
    {"Roche", "roche"},       {"Garnier", "garnier"},     {"Faure", "faure"},       {"André", "andre"},       {"Noël", "noel"},
    {"Clément", "clement"},   {"Müller", "muller"},       {"Smith", "smith"},       {"Brown", "brown"},       {"Taylor", "taylor"},
    {"Wilson", "wilson"},     {"O'Brien", "obrien"},      {"Petit", "petit"},       {"Robert", "robert"},     {"Richard", "richard"},
    {"Leroy", "leroy"},       {"Perrin", "perrin"},
}};
constexpr std::array<const char*, 24> k_pet_names{"Max",   "Bella", "Oscar", "Nala",  "Filou", "Caramel", "Pistache", "Simba",
                                                  "Lola",  "Rocky", "Praline", "Moka", "Ulysse", "Gribouille", "Noisette", "Tango",
                                                  "Pixel", "Vanille", "Bijou", "Câline", "Éclair", "Frimousse", "Hercule", "Réglisse"};
constexpr std::array<const char*, 6> k_dog_breeds{"poodle", "akita", "australian_shepherd", "affenpinscher", "airedale_terrier", "american_cocker_spaniel"};
constexpr std::array<const char*, 5> k_cat_breeds{"persian", "abyssinian", "bengal", "birman", "british_shorthair"};
constexpr std::array<const char*, 3> k_rabbit_breeds{"dwarf_lop", "lionhead", "holland_lop"};
constexpr std::array<const char*, 3> k_methods{"card", "cash", "transfer"};

struct Extra {
    const char* description;
    std::int64_t price_minor;
};
constexpr std::array<Extra, 3> k_extras{{{"Nail trim", 1200}, {"De-shedding treatment", 1700}, {"Flea bath", 900}}};

struct Client {
    std::int64_t id;
    std::string name, email;
    std::vector<DemoCast::Pet> pets;
};

// One visit of a day: who comes, when, and whether an invoice follows (completed visits only).
struct Visit {
    int slot;  // quarter hours after 09:00
    const Client* client;
    int invoice_chance;  // per mille of completed visits that are invoiced
};
}  // namespace

HistoryCounts write_history(storage::WriteTx& tx, const DemoCast& cast, const HistorySize& size, domain::Instant until) {
    using namespace std::chrono;
    storage::BulkHistory bulk(tx);
    Seeded rng(20260215);
    HistoryCounts counts;
    constexpr int k_days = 5 * 365;
    const auto first_day = until - days(k_days);  // each day's visits start at the time of day of `until`, plus slots

    std::vector<std::pair<std::int64_t, std::vector<std::int64_t>>> breeds_by_species;
    auto add_species = [&](const char* code, const auto& breeds) {
        std::vector<std::int64_t> ids;
        for (const char* b : breeds)
            if (auto id = storage::animal_type_store::breed_id(tx, b)) ids.push_back(*id);
        breeds_by_species.emplace_back(storage::animal_type_store::species_id(tx, code).value(), std::move(ids));
    };
    add_species("dog", k_dog_breeds);
    add_species("cat", k_cat_breeds);
    add_species("rabbit", k_rabbit_breeds);

    // Customers and their animals.
    std::vector<Client> clients;
    clients.reserve(static_cast<std::size_t>(size.customers));
    for (int i = 0; i < size.customers; ++i) {
        const auto& first = rng.pick(k_first_names);
        const auto& last = rng.pick(k_last_names);
        storage::Customer c;
        c.first_name = first.shown;
        c.last_name = last.shown;
        if (!rng.per_mille(80)) c.email = std::string(first.ascii) + "." + last.ascii + "." + std::to_string(i + 1) + "@example.test";
        char phone[32];
        std::snprintf(phone, sizeof phone, "+33 6 %02d %02d %02d %02d", rng.below(100), rng.below(100), rng.below(100), rng.below(100));
        c.phone = phone;
        c.address = std::to_string(1 + rng.below(120)) + " rue des Lilas\n750" + (rng.below(20) < 9 ? "0" : "") + std::to_string(1 + rng.below(20)) + " Paris";
        c.locale = rng.per_mille(700) ? "fr" : "en";
        auto joined = first_day + days(rng.below(k_days / 2));
        clients.push_back({bulk.add_customer(c, joined), c.first_name + " " + c.last_name, c.email, {}});
        ++counts.customers;
    }
    for (int i = 0; i < size.animals && !clients.empty(); ++i) {
        auto& owner = clients[static_cast<std::size_t>(i < size.customers ? i : rng.below(size.customers))];
        const auto& [species, breeds] = breeds_by_species[static_cast<std::size_t>(rng.per_mille(550) ? 0 : rng.per_mille(780) ? 1 : 2)];
        storage::Animal a;
        a.customer_id = owner.id;
        a.name = rng.pick(k_pet_names);
        a.species_id = species;
        if (!breeds.empty() && !rng.per_mille(150)) a.breed_id = breeds[static_cast<std::size_t>(rng.below(static_cast<int>(breeds.size())))];
        owner.pets.push_back({bulk.add_animal(a, first_day), a.name});
        ++counts.animals;
    }
    const Client alice{cast.alice, "Alice Martin", "alice@demo.test", cast.alice_pets};
    const Client bob{cast.bob, "Bob Durand", "bob@demo.test", cast.bob_pets};

    // Day by day: visits in time order, so that invoice numbers follow issue dates; credit notes at the end of
    // the day that needed them.
    std::vector<Visit> visits;
    std::vector<std::pair<storage::BulkHistory::Issued, const Client*>> to_credit;
    // `total` spread evenly over the days: day `day`'s share, the shares adding up to exactly `total`.
    auto share = [&](int total, int day) {
        return static_cast<int>((static_cast<long long>(day + 1) * total) / k_days - (static_cast<long long>(day) * total) / k_days);
    };
    // Confirmations go to the customers who have an email address (92 %).
    const int email_chance = size.appointments > 0 ? static_cast<int>(std::min<long long>(1000, 1000LL * size.emails * 100 / 92 / size.appointments)) : 0;
    for (int day = 0; day < k_days; ++day) {
        const auto day_start = first_day + days(day);
        const bool recent = day >= k_days - 60;  // the last two months: some invoices still unpaid
        visits.clear();
        for (int v = share(size.appointments, day); v > 0 && !clients.empty(); --v)
            visits.push_back({rng.below(36), &clients[static_cast<std::size_t>(rng.below(size.customers))], 815});
        for (int v = share(size.alice_visits, day); v > 0; --v) visits.push_back({rng.below(36), &alice, 600});
        for (int v = share(size.bob_visits, day); v > 0; --v) visits.push_back({rng.below(36), &bob, 800});
        std::stable_sort(visits.begin(), visits.end(), [](const Visit& a, const Visit& b) { return a.slot < b.slot; });

        int second = 0;  // keeps issue instants strictly increasing within a slot
        for (const auto& visit : visits) {
            const auto& client = *visit.client;
            if (client.pets.empty()) continue;
            const auto& pet = client.pets[static_cast<std::size_t>(rng.below(static_cast<int>(client.pets.size())))];
            const auto& service = cast.services[static_cast<std::size_t>(rng.below(static_cast<int>(cast.services.size())))];
            storage::Appointment a;
            a.customer_id = client.id;
            a.animal_id = pet.id;
            a.service_id = service.id;
            a.staff_user_id = rng.below(2) ? cast.groomer : cast.manager;
            a.starts_at = day_start + minutes(15 * visit.slot);
            a.ends_at = a.starts_at + minutes(service.minutes);
            const int fate = rng.below(100);
            a.status = fate < 92 ? "completed" : fate < 97 ? "cancelled" : "no_show";
            auto appointment = bulk.add_appointment(a, a.starts_at - days(1 + rng.below(20)));
            ++counts.appointments;
            if (!client.email.empty() && rng.per_mille(email_chance)) {
                bulk.add_sent_email(client.email, client.name, "Your appointment is confirmed",
                                    "We look forward to seeing " + pet.name + ".", a.starts_at - days(1));
                ++counts.emails;
            }
            if (a.status != "completed" || !rng.per_mille(visit.invoice_chance)) continue;

            storage::BulkHistory::Invoice invoice;
            invoice.customer_id = client.id;
            invoice.appointment_id = appointment;
            invoice.lines.push_back({service.name + " \u2013 " + pet.name, 1, service.price_minor, service.tax_rate_bp});
            if (rng.per_mille(250)) {
                const auto& extra = rng.pick(k_extras);
                invoice.lines.push_back({extra.description, 1, extra.price_minor, 2000});
            }
            if (rng.per_mille(80)) invoice.tip_minor = 200 + 100 * rng.below(5);
            invoice.issued_at = day_start + hours(2) + minutes(15 * visit.slot) + seconds(++second);
            auto issued = bulk.add_issued_invoice(invoice);
            ++counts.invoices;
            if (rng.per_mille(10)) {
                to_credit.emplace_back(issued, &client);  // a mistake, cancelled by a credit note before anyone paid
                continue;
            }
            if (rng.per_mille(recent ? 150 : 3)) continue;  // still unpaid
            const auto& method = rng.pick(k_methods);
            bulk.add_payment(issued.id, issued.total_minor, method, invoice.issued_at + (std::string_view(method) == "transfer" ? days(3) : seconds(0)),
                             cast.manager);
            ++counts.payments;
        }
        for (const auto& [original, client] : to_credit) {
            storage::BulkHistory::Invoice note;
            note.customer_id = client->id;
            note.credit_note_for = original.id;
            note.lines.push_back({"Cancelled invoice", -1, original.total_minor, 0});
            note.issued_at = day_start + hours(11) + seconds(++second);
            bulk.add_issued_invoice(note);
            ++counts.invoices;
            ++counts.credit_notes;
        }
        to_credit.clear();

        for (int n = share(size.requests, day); n > 0 && !clients.empty(); --n) {
            const auto& client = clients[static_cast<std::size_t>(rng.below(size.customers))];
            if (client.pets.empty()) continue;
            storage::AppointmentRequest r;
            r.customer_id = client.id;
            r.animal_id = client.pets.front().id;
            r.starts_at = day_start + days(5) + minutes(15 * rng.below(36));
            r.ends_at = r.starts_at + minutes(60);
            r.comments = rng.per_mille(300) ? "Première visite, il est un peu craintif." : "";
            const int decision = rng.below(10);
            r.status = decision < 7 ? "approved" : decision < 9 ? "declined" : "withdrawn";
            const auto created = day_start - hours(1) - minutes(n);
            bulk.add_request(r, created, created + hours(3), r.status == "withdrawn" ? std::nullopt : std::optional(cast.manager));
            ++counts.requests;
        }
    }
    return counts;
}

}  // namespace salonbox::cli
