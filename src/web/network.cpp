#include "web/network.h"

#include "domain/text.h"

#include "web/socket_calls.h"

#include <charconv>
#include <cstring>

namespace salonbox::web {

namespace {
std::optional<std::array<unsigned char, 16>> parse_address(std::string_view text, bool& is_v4) {
    std::string s(text);
    std::array<unsigned char, 16> out{};
    in_addr v4{};
    if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
        out[10] = out[11] = 0xff;
        std::memcpy(out.data() + 12, &v4, 4);
        is_v4 = true;
        return out;
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
        std::memcpy(out.data(), &v6, 16);
        is_v4 = false;
        return out;
    }
    return std::nullopt;
}
}  // namespace

std::optional<Cidr> parse_cidr(std::string_view text) {
    auto slash = text.find('/');
    bool v4 = false;
    auto addr = parse_address(text.substr(0, slash), v4);
    if (!addr) return std::nullopt;
    int max = v4 ? 32 : 128;
    int prefix = max;
    if (slash != std::string_view::npos) {
        auto digits = text.substr(slash + 1);
        auto r = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
        if (r.ec != std::errc{} || r.ptr != digits.data() + digits.size() || prefix < 0 || prefix > max) return std::nullopt;
    }
    return Cidr{*addr, v4 ? prefix + 96 : prefix};
}

bool contains(const Cidr& network, std::string_view address) {
    bool v4 = false;
    auto addr = parse_address(address, v4);
    if (!addr) return false;
    int bits = network.prefix;
    for (int i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
        unsigned char mask = bits >= 8 ? 0xff : static_cast<unsigned char>(0xff << (8 - bits));
        if (((*addr)[i] & mask) != (network.address[i] & mask)) return false;
    }
    return true;
}

std::string client_address(std::string_view peer, std::string_view forwarded_for, const std::vector<Cidr>& trusted) {
    auto is_trusted = [&](std::string_view a) {
        for (const auto& n : trusted)
            if (contains(n, a)) return true;
        return false;
    };
    if (!is_trusted(peer)) return std::string(peer);
    std::string client(peer);
    // Walk from the right: each hop was added by the proxy before it; stop at the first untrusted one.
    while (!forwarded_for.empty()) {
        auto comma = forwarded_for.rfind(',');
        auto hop = domain::trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
        forwarded_for = comma == std::string_view::npos ? std::string_view{} : forwarded_for.substr(0, comma);
        bool v4 = false;
        if (!parse_address(hop, v4)) break;
        client = hop;
        if (!is_trusted(hop)) break;
    }
    return client;
}

}  // namespace salonbox::web
