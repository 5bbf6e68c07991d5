#include "storage/sign_in_code_store.h"

#include "fixture.h"
#include "storage/customer_store.h"
#include "storage/salon_store.h"
#include "storage/user_store.h"

#include <doctest/doctest.h>

using namespace salonbox;
using namespace salonbox::storage;
using namespace std::chrono_literals;
namespace codes = salonbox::storage::sign_in_code_store;

namespace {
std::int64_t add_customer(Database& db, const std::string& first, const std::string& email) {
    return db.write([&](WriteTx& c) {
        Customer customer;
        customer.first_name = first;
        customer.last_name = "Test";
        customer.email = email;
        customer.locale = "fr";
        return customer_store::insert(c, customer);
    });
}

std::int64_t add_account(Database& db, const std::string& email, domain::Role role, std::optional<std::int64_t> customer_id) {
    return db.write([&](WriteTx& c) {
        User u;
        u.email = email;
        u.role = role;
        u.customer_id = customer_id;
        return user_store::insert(c, u).value();
    });
}

std::optional<codes::Recipient> recipient(Database& db, const std::string& email) {
    return db.read([&](ReadTx& c) { return codes::find_recipient(c, email); });
}

const auto t0 = domain::from_unix(1'800'000'000);
}  // namespace

TEST_CASE("a code goes to an active customer, as written on the record, with or without a portal account") {
    SalonFixture f;
    auto carol = add_customer(*f.db, "Carol", "Carol.White@Demo.test");
    auto r = recipient(*f.db, "carol.white@demo.test");
    REQUIRE(r);
    CHECK(r->customer_id == carol);
    CHECK(r->email == "Carol.White@Demo.test");
    CHECK(r->locale == "fr");
    CHECK_FALSE(r->account_id);

    auto account = add_account(*f.db, "Carol.White@Demo.test", domain::Role::customer, carol);
    r = recipient(*f.db, "carol.white@demo.test");
    REQUIRE(r);
    CHECK(r->account_id == account);
    CHECK_FALSE(recipient(*f.db, "nobody@demo.test"));
}

TEST_CASE("archived records, disabled accounts and team addresses get no code") {
    SalonFixture f;
    auto archived = add_customer(*f.db, "Gone", "gone@demo.test");
    f.db->write([&](WriteTx& c) { customer_store::archive(c, archived, t0); });
    CHECK_FALSE(recipient(*f.db, "gone@demo.test"));

    auto disabled = add_customer(*f.db, "Off", "off@demo.test");
    auto account = add_account(*f.db, "off@demo.test", domain::Role::customer, disabled);
    f.db->write([&](WriteTx& c) { customer_store::set_portal_active(c, account, false); });
    CHECK_FALSE(recipient(*f.db, "off@demo.test"));
    CHECK_FALSE(f.db->read([&](ReadTx& c) { return codes::find_recipient_by_id(c, disabled); }));

    // A customer record that carries a team member's address never turns into that account.
    add_account(*f.db, "groomer@demo.test", domain::Role::staff, std::nullopt);
    add_customer(*f.db, "Staff", "groomer@demo.test");
    CHECK_FALSE(recipient(*f.db, "groomer@demo.test"));
}

TEST_CASE("a challenge counts wrong entries across resends and ends at the limit") {
    SalonFixture f;
    auto carol = add_customer(*f.db, "Carol", "carol@demo.test");
    f.db->write([&](WriteTx& c) { codes::start(c, "handle", "carol@demo.test", carol, "hash-1", t0, t0 + 15min); });
    auto open = [&](domain::Instant at) { return f.db->read([&](ReadTx& c) { return codes::find_open(c, "handle", at); }); };
    auto ch = open(t0);
    REQUIRE(ch);
    CHECK(ch->customer_id == carol);
    CHECK(ch->code_hash == "hash-1");
    CHECK_FALSE(f.db->read([&](ReadTx& c) { return codes::find_open(c, "other", t0); }));

    auto fail = [&] { return f.db->write([&](WriteTx& c) { return codes::record_failure(c, ch->id, 5, t0 + 1min); }); };
    CHECK(fail() == 1);
    CHECK(fail() == 2);
    CHECK(f.db->write([&](WriteTx& c) { return codes::replace_code(c, ch->id, "hash-2", t0 + 2min, t0 + 17min); }));
    ch = open(t0 + 2min);
    REQUIRE(ch);
    CHECK(ch->code_hash == "hash-2");
    CHECK(ch->failures == 2);
    CHECK(open(t0 + 16min));  // the resent code has its own 15 minutes
    CHECK(fail() == 3);
    CHECK(fail() == 4);
    CHECK(open(t0 + 3min));
    CHECK(fail() == 5);
    CHECK_FALSE(open(t0 + 3min));
    CHECK_FALSE(f.db->write([&](WriteTx& c) { return codes::replace_code(c, ch->id, "hash-3", t0 + 4min, t0 + 19min); }));
    CHECK_FALSE(f.db->write([&](WriteTx& c) { return codes::consume(c, ch->id, t0 + 4min); }));
}

TEST_CASE("a challenge is used once and expires after its lifetime") {
    SalonFixture f;
    f.db->write([&](WriteTx& c) {
        codes::start(c, "a", "x@demo.test", std::nullopt, "h", t0, t0 + 15min);
        codes::start(c, "b", "x@demo.test", std::nullopt, "h", t0, t0 + 15min);
    });
    auto a = f.db->read([&](ReadTx& c) { return codes::find_open(c, "a", t0); });
    REQUIRE(a);
    CHECK_FALSE(a->customer_id);
    CHECK(f.db->write([&](WriteTx& c) { return codes::consume(c, a->id, t0 + 1min); }));
    CHECK_FALSE(f.db->write([&](WriteTx& c) { return codes::consume(c, a->id, t0 + 1min); }));
    CHECK_FALSE(f.db->read([&](ReadTx& c) { return codes::find_open(c, "a", t0 + 1min); }));
    CHECK(f.db->read([&](ReadTx& c) { return codes::find_open(c, "b", t0 + 15min - 1s).has_value(); }));
    CHECK_FALSE(f.db->read([&](ReadTx& c) { return codes::find_open(c, "b", t0 + 15min); }));
    auto b = f.db->read([&](ReadTx& c) { return codes::find_open(c, "b", t0); });
    CHECK_FALSE(f.db->write([&](WriteTx& c) { return codes::consume(c, b->id, t0 + 15min); }));
}

TEST_CASE("the picker lists only salons whose open portal knows the address as an active customer") {
    SalonFixture f("alpha");  // "Happy Paws"
    auto make = [&](const std::string& slug, const std::string& name) {
        domain::SalonSettings s;
        s.slug = slug;
        s.name = name;
        s.time_zone = "Europe/Paris";
        s.locale = "en";
        s.currency = "EUR";
        return f.registry.create(s);
    };
    auto bravo = make("bravo", "Bravo Grooming");
    auto closed = make("closed", "Closed Salon");
    auto passwords = make("passwords", "Passwords Only");
    auto archived = make("archived", "Archived There");
    auto disabled = make("disabled", "Disabled There");
    auto staff = make("staff", "Staff There");
    auto stranger = make("stranger", "Someone Else");

    for (auto* db : {f.db.get(), bravo.get(), closed.get(), passwords.get(), archived.get(), disabled.get()})
        add_customer(*db, "Dana", "Dana@Demo.test");
    auto set = [&](const std::shared_ptr<Database>& db, const std::string& slug, auto change) {
        db->write([&](WriteTx& c) {
            auto s = salon_store::load(c);
            change(s);
            salon_store::update(c, s);
        });
        f.registry.reload_settings(slug);
    };
    set(closed, "closed", [](domain::SalonSettings& s) { s.portal_enabled = false; });
    set(passwords, "passwords", [](domain::SalonSettings& s) { s.portal_sign_in = "password"; });
    archived->write([&](WriteTx& c) { customer_store::archive(c, 1, t0); });
    auto account = add_account(*disabled, "dana@demo.test", domain::Role::customer, 1);
    disabled->write([&](WriteTx& c) { customer_store::set_portal_active(c, account, false); });
    add_account(*staff, "dana@demo.test", domain::Role::manager, std::nullopt);
    add_customer(*stranger, "Erin", "erin@demo.test");

    auto found = codes::salons_for_verified_email(f.registry, "dana@demo.test");
    REQUIRE(found.size() == 2);
    CHECK(found[0].slug == "bravo");
    CHECK(found[0].name == "Bravo Grooming");
    CHECK(found[1].slug == "alpha");
    CHECK(found[1].name == "Happy Paws");
    CHECK(codes::salons_for_verified_email(f.registry, "nobody@demo.test").empty());
    auto erin = codes::salons_for_verified_email(f.registry, "erin@demo.test");
    REQUIRE(erin.size() == 1);
    CHECK(erin[0].slug == "stranger");
}

TEST_CASE("a challenge names its customer once, while it is open") {
    SalonFixture f;
    auto carol = add_customer(*f.db, "Carol", "carol@demo.test");
    auto dora = add_customer(*f.db, "Dora", "dora@demo.test");
    f.db->write([&](WriteTx& c) {
        codes::start(c, "a", "carol@demo.test", std::nullopt, "h", t0, t0 + 15min);
        codes::start(c, "b", "carol@demo.test", std::nullopt, "h", t0, t0 + 15min);
    });
    auto open = [&](const char* handle) { return f.db->read([&](ReadTx& c) { return codes::find_open(c, handle, t0 + 1min); }); };
    auto set = [&](std::int64_t id, std::int64_t customer, domain::Instant at) {
        return f.db->write([&](WriteTx& c) { return codes::set_recipient(c, id, customer, at); });
    };
    auto a = open("a");
    REQUIRE(a);
    CHECK(set(a->id, carol, t0 + 1min));
    CHECK(open("a")->customer_id == carol);
    CHECK_FALSE(set(a->id, dora, t0 + 1min));  // never moved to another customer
    CHECK(open("a")->customer_id == carol);
    CHECK_FALSE(open("b")->customer_id);       // the other challenge of the same address is untouched
    CHECK_FALSE(set(open("b")->id, carol, t0 + 15min));  // expired
}
