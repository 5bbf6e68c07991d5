#include "storage/session_store.h"

#include "fixture.h"
#include "storage/user_store.h"

#include <doctest/doctest.h>

using namespace salonbox::storage;
using namespace std::chrono_literals;

namespace {
std::int64_t add_staff(Database& db, const std::string& email) {
    return db.write([&](WriteTx& c) {
        User u;
        u.email = email;
        u.role = salonbox::domain::Role::manager;
        u.password_hash = "x";
        return user_store::insert(c, u).value();
    });
}

// A page view at `at`, as the middleware makes it: find the session, then restart its idle clock when due.
std::optional<ActiveSession> visit(Database& db, const std::string& hash, const char* face, salonbox::domain::Instant at,
                                   const SessionLimits& limits) {
    auto session = db.read([&](ReadTx& c) { return session_store::find_active(c, hash, face, at, limits); });
    if (session && session_store::refresh_due(*session, at))
        db.write([&](WriteTx& c) { session_store::refresh(c, session->session_id, at); });
    return session;
}
}  // namespace

TEST_CASE("a session lives until its idle or absolute limit") {
    SalonFixture f;
    auto user = add_staff(*f.db, "m@x.test");
    SessionLimits limits{2h, 12h};
    auto t0 = f.clock.now();
    f.db->write([&](WriteTx& c) { session_store::insert(c, "hash-1", user, "admin", t0, limits); });
    auto find = [&](salonbox::domain::Instant at, const char* face = "admin") {
        return visit(*f.db, "hash-1", face, at, limits);
    };
    CHECK(find(t0 + 1h));
    CHECK(find(t0 + 1h)->user.email == "m@x.test");
    CHECK_FALSE(find(t0 + 1h, "portal"));  // one face only
    // Activity at +1h keeps it alive at +2h30, but nothing survives the absolute limit.
    CHECK(find(t0 + 2h + 30min));
    CHECK(find(t0 + 4h));
    CHECK_FALSE(find(t0 + 6h + 1s));  // idle since +4h
}

TEST_CASE("the absolute limit ends even an active session") {
    SalonFixture f;
    auto user = add_staff(*f.db, "m@x.test");
    SessionLimits limits{2h, 3h};
    auto t0 = f.clock.now();
    f.db->write([&](WriteTx& c) { session_store::insert(c, "h", user, "admin", t0, limits); });
    for (auto t = t0; t < t0 + 3h; t += 30min)
        CHECK(visit(*f.db, "h", "admin", t, limits).has_value());
    CHECK_FALSE(f.db->read([&](ReadTx& c) { return session_store::find_active(c, "h", "admin", t0 + 3h, limits).has_value(); }));
}

TEST_CASE("ending an account's sessions keeps only the one asked for") {
    SalonFixture f;
    auto user = add_staff(*f.db, "m@x.test");
    auto other = add_staff(*f.db, "o@x.test");
    SessionLimits limits;
    auto now = f.clock.now();
    f.db->write([&](WriteTx& c) {
        session_store::insert(c, "a", user, "admin", now, limits);
        session_store::insert(c, "b", user, "admin", now, limits);
        session_store::insert(c, "c", other, "admin", now, limits);
        session_store::remove_for_user(c, user, "b");
    });
    auto alive = [&](const char* h) {
        return f.db->read([&](ReadTx& c) { return session_store::find_active(c, h, "admin", now, limits).has_value(); });
    };
    CHECK_FALSE(alive("a"));
    CHECK(alive("b"));
    CHECK(alive("c"));
}

TEST_CASE("a disabled account's session no longer signs in") {
    SalonFixture f;
    auto user = add_staff(*f.db, "m@x.test");
    SessionLimits limits;
    auto now = f.clock.now();
    f.db->write([&](WriteTx& c) {
        session_store::insert(c, "a", user, "admin", now, limits);
        c.connection().exec("UPDATE users SET active = 0");
    });
    CHECK_FALSE(f.db->read([&](ReadTx& c) { return session_store::find_active(c, "a", "admin", now, limits).has_value(); }));
}
