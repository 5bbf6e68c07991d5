#include "auth/csrf.h"
#include "auth/rate_limiter.h"
#include "auth/secret_key.h"
#include "auth/tokens.h"
#include "temp_dir.h"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <set>

using namespace salonbox::auth;
using namespace std::chrono_literals;

TEST_CASE("session tokens carry 256 random bits") {
    auto t = random_token(32);
    CHECK(t.size() == 43);
    CHECK(t.find_first_of("+/=") == std::string::npos);
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) seen.insert(random_token(32));
    CHECK(seen.size() == 1000);
}

TEST_CASE("the secret key is created once with mode 0600 and read back the same") {
    TempDir dir;
    auto a = SecretKey::load_or_create(dir.path);
    auto b = SecretKey::load_or_create(dir.path);
    CHECK(a.keyed_hash("x") == b.keyed_hash("x"));
    CHECK(a.keyed_hash("x") != a.keyed_hash("y"));
    struct stat st {};
    REQUIRE(::stat((dir.path / "secret.key").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    ::chmod((dir.path / "secret.key").c_str(), 0644);
    CHECK_THROWS(SecretKey::load_or_create(dir.path));
}

TEST_CASE("a CSRF token is bound to its browser's seed and to the key") {
    auto key = SecretKey::from_bytes(std::string(32, 'k'));
    auto other_key = SecretKey::from_bytes(std::string(32, 'o'));
    auto seed = random_token(24);
    auto token = csrf_token_for(key, seed);
    CHECK(csrf_token_valid(key, seed, token));
    CHECK_FALSE(csrf_token_valid(key, random_token(24), token));
    CHECK_FALSE(csrf_token_valid(other_key, seed, token));
    CHECK_FALSE(csrf_token_valid(key, seed, ""));
    CHECK_FALSE(csrf_token_valid(key, "short", csrf_token_for(key, "short")));
}

TEST_CASE("the rate limiter allows the limit, then says how long to wait") {
    RateLimiter limiter(3, 60s);
    auto t0 = RateLimiter::Clock::now();
    for (int i = 0; i < 3; ++i) {
        CHECK(limiter.retry_after("ip:1", t0).count() == 0);
        limiter.record("ip:1", t0 + std::chrono::seconds(i));
    }
    CHECK(limiter.retry_after("ip:1", t0 + 10s).count() == 50);
    CHECK(limiter.retry_after("ip:2", t0 + 10s).count() == 0);  // keys are independent
    CHECK(limiter.retry_after("ip:1", t0 + 61s).count() == 0);  // the oldest event left the window
    limiter.clear("ip:1");
    CHECK(limiter.retry_after("ip:1", t0 + 10s).count() == 0);
}

TEST_CASE("an asset's fingerprint is BLAKE2b-128 of its bytes, shortened: it changes with the content only") {
    // The expected values are Python's hashlib.blake2b(data, digest_size=16).hexdigest()[:10].
    CHECK(fingerprint("body { color: red }", 5) == "fe708f319f");
    CHECK(fingerprint("body { color: blue }", 5) == "5d2a39c7bd");
    CHECK(fingerprint("body { color: red }", 5) == fingerprint(std::string("body { color: red }"), 5));
}
