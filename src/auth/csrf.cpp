#include "auth/csrf.h"

#include "auth/tokens.h"

namespace salonbox::auth {

std::string csrf_token_for(const SecretKey& key, std::string_view seed) {
    return to_base64url(key.keyed_hash("csrf:" + std::string(seed)));
}

bool csrf_token_valid(const SecretKey& key, std::string_view seed, std::string_view token) {
    if (seed.size() < 16 || token.empty()) return false;
    return constant_time_equal(csrf_token_for(key, seed), token);
}

}  // namespace salonbox::auth
