#include "auth/password.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

using namespace salonbox::auth;
using namespace std::chrono_literals;

TEST_CASE("a password hash verifies only its own password") {
    PasswordHasher hasher;
    auto hash = hasher.hash("correct horse battery");
    REQUIRE(hash);
    CHECK(hash->starts_with("$argon2id$"));
    CHECK(hasher.verify(*hash, "correct horse battery") == PasswordHasher::Verdict::match);
    CHECK(hasher.verify(*hash, "correct horse batterY") == PasswordHasher::Verdict::mismatch);
    CHECK_FALSE(PasswordHasher::needs_rehash(*hash));
    CHECK(hasher.verify_nobody("anything at all") == PasswordHasher::Verdict::mismatch);
}

TEST_CASE("hashes made with weaker limits are flagged for rehashing") {
    // An argon2id hash with t=1, m=8 MiB: older, weaker limits than today's interactive ones.
    CHECK(PasswordHasher::needs_rehash("$argon2id$v=19$m=8192,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY"));
}

TEST_CASE("beyond the concurrency cap, callers are told to come back instead of queueing forever") {
    PasswordHasher hasher(1, 1ms);
    auto hash = *hasher.hash("correct horse battery");
    std::atomic<int> busy{0}, done{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&] {
            auto v = hasher.verify(hash, "correct horse battery");
            (v == PasswordHasher::Verdict::busy ? busy : done)++;
        });
    for (auto& t : threads) t.join();
    CHECK(done >= 1);
    CHECK(busy >= 1);
    CHECK(busy + done == 4);
}

TEST_CASE("the password policy: length and common passwords, no composition rules") {
    CHECK_FALSE(check_password_policy("correct horse battery"));
    CHECK_FALSE(check_password_policy("alllowercaseletters"));
    CHECK(check_password_policy("short")->message_key == "error.password_too_short");
    CHECK(check_password_policy(std::string(129, 'x'))->message_key == "error.password_too_long");
    CHECK_FALSE(check_password_policy(std::string(128, 'x')));
    CHECK(check_password_policy("password")->message_key == "error.password_common");
    CHECK(check_password_policy("Password1")->message_key == "error.password_common");
    CHECK(check_password_policy("motdepasse")->message_key == "error.password_common");
    CHECK(check_password_policy("alice@demo.test", "alice@demo.test")->message_key == "error.password_common");
    // Eight characters counted as characters, not bytes.
    CHECK_FALSE(check_password_policy("éééééééé"));
    CHECK(check_password_policy("éééé")->message_key == "error.password_too_short");
}
