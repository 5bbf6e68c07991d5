// Client addresses: CIDR networks of trusted reverse proxies and the real client behind them.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salonbox::web {

struct Cidr {
    std::array<unsigned char, 16> address{};  // IPv4 as IPv4-mapped IPv6
    int prefix = 0;                           // in bits of the 128-bit form
};

// "10.0.0.0/8", "192.168.1.5", "::1/128", "fd00::/8"; nothing when malformed.
std::optional<Cidr> parse_cidr(std::string_view text);
bool contains(const Cidr& network, std::string_view address);

// The client's address: the peer itself, unless the peer is a trusted proxy; then the right-most address
// of X-Forwarded-For that is not itself a trusted proxy.
std::string client_address(std::string_view peer, std::string_view forwarded_for, const std::vector<Cidr>& trusted);

}  // namespace salonbox::web
