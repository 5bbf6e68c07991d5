#include "auth/sealed_text.h"

#include <doctest/doctest.h>

#include <string>

using namespace salonbox::auth;

TEST_CASE("sealed text hides its plaintext and opens only with its key, unaltered") {
    auto key = SecretKey::from_bytes(std::string(32, 'k'));
    const std::string link = "https://salon.example/s/demo/password/reset?token=abcdefghijklmnop";
    auto sealed = seal_text(key, link);
    CHECK(is_sealed_text(sealed));
    CHECK(sealed.find("token") == std::string::npos);
    CHECK(sealed.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_:") == std::string::npos);
    CHECK(seal_text(key, link) != sealed);  // a fresh nonce each time
    CHECK(open_sealed_text(key, sealed) == link);
    CHECK(open_sealed_text(key, seal_text(key, "")) == "");
    CHECK_FALSE(open_sealed_text(SecretKey::from_bytes(std::string(32, 'o')), sealed));
    auto altered = sealed;
    altered[altered.size() - 3] = altered[altered.size() - 3] == 'A' ? 'B' : 'A';
    CHECK_FALSE(open_sealed_text(key, altered));
    CHECK_FALSE(open_sealed_text(key, "sealed1:"));
    CHECK_FALSE(open_sealed_text(key, link));
}
