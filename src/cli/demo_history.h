// Five years of the demo salon's life for `salonbox demo --size large`: thousands of customers and animals, past
// appointments, invoices paid or not, credit notes, requests and emails, the same on every run (a seeded
// generator), plus a long history for Alice and Bob.
#pragma once

#include "domain/clock.h"
#include "storage/database.h"

#include <cstdint>
#include <string>
#include <vector>

namespace salonbox::cli {

// Who and what of the small demo the history builds on.
struct DemoCast {
    std::int64_t groomer = 0, manager = 0;
    struct Service {
        std::int64_t id = 0;
        std::string name;
        int minutes = 0;
        std::int64_t price_minor = 0, tax_rate_bp = 0;
    };
    std::vector<Service> services;
    struct Pet {
        std::int64_t id = 0;
        std::string name;
    };
    std::int64_t alice = 0, bob = 0;
    std::vector<Pet> alice_pets, bob_pets;
};

// How much history: the defaults are five years of a busy salon.
struct HistorySize {
    int customers = 20000;
    int animals = 30000;  // every customer has one, some have more
    int appointments = 200000;
    int requests = 2000;
    int emails = 20000;
    int alice_visits = 200, bob_visits = 60;
};

struct HistoryCounts {
    int customers = 0, animals = 0, appointments = 0, invoices = 0, credit_notes = 0, payments = 0, requests = 0, emails = 0;
};

// Writes the history inside `tx`, over the five years that end at `until` (every row is older than it).
HistoryCounts write_history(storage::WriteTx& tx, const DemoCast& cast, const HistorySize& size, domain::Instant until);

}  // namespace salonbox::cli
