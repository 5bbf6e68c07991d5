#include "auth/device_cookie.h"

#include "auth/tokens.h"

namespace salonbox::auth {

namespace {
std::string signature(const SecretKey& key, std::string_view account, std::string_view id) {
    std::string message = "device:";
    message += account;
    message += '\n';
    message += id;
    return to_base64url(key.keyed_hash(message));
}
}  // namespace

std::string new_device_cookie(const SecretKey& key, std::string_view account) {
    auto id = random_token(16);
    return id + "." + signature(key, account, id);
}

std::optional<std::string> device_id(const SecretKey& key, std::string_view account, std::string_view cookie) {
    auto dot = cookie.find('.');
    if (dot == std::string_view::npos || dot < 16) return std::nullopt;
    auto id = cookie.substr(0, dot);
    if (!constant_time_equal(signature(key, account, id), cookie.substr(dot + 1))) return std::nullopt;
    return std::string(id);
}

std::string device_cookie_name(const SecretKey& key, std::string_view account) {
    return "sb-device-" + to_hex(key.keyed_hash("device-name:" + std::string(account))).substr(0, 16);
}

}  // namespace salonbox::auth
