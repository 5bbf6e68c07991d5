// Pages outside any salon: the salon list and the health check.
#include "storage/maintenance.h"
#include "web/handlers.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <exception>
#include <string>
#include <utility>
#include <vector>

namespace salonbox::web {

namespace {

// Free disk the salons need: below it SQLite may fail a commit or a checkpoint, and a backup on the same disk
// cannot be made.
constexpr std::uintmax_t k_min_free_bytes = 100ull * 1024 * 1024;

// `text` as a JSON string literal.
std::string json_string(const std::string& text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
            out += escaped;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

}  // namespace

void home_page(Context& ctx) {
    auto slugs = ctx.services.registry.slugs();
    if (slugs.size() == 1) return ctx.redirect("/s/" + slugs.front() + "/admin/login");
    view::Data list{view::Data::type::list};
    for (const auto& slug : slugs) {
        domain::SalonSettings settings;
        try {
            settings = ctx.services.registry.settings(slug);
        } catch (const storage::UnusableDatabase&) {
            continue;  // reported at start and by /healthz
        }
        view::Data item;
        item.set("name", settings.name);
        item.set("url", "/s/" + slug + "/admin/login");
        list.push_back(item);
    }
    auto d = ctx.page_data();
    d.set("salons", list);
    d.set("has_salons", slugs.empty() ? view::Data::type::bool_false : view::Data::type::bool_true);
    ctx.render(200, "pages/home", std::move(d));
}

void health(Context& ctx) {
    auto slugs = ctx.services.registry.slugs();
    std::vector<std::pair<std::string, std::string>> failing;  // slug, what is wrong
    for (const auto& slug : slugs) {
        std::string problem;
        try {
            if (auto db = ctx.services.registry.open(slug)) {
                problem = storage::free_space_problem(db->path(), k_min_free_bytes);
                if (problem.empty()) problem = ctx.services.write_health.problem(slug, [&] { return storage::probe_write(*db); });
            }
        } catch (const std::exception& e) {
            problem = e.what();
        }
        if (!problem.empty()) failing.emplace_back(slug, problem);
    }
    ctx.res.set_header("Cache-Control", "no-store");
    if (failing.empty()) {
        ctx.res.status = 200;
        ctx.res.set_content("{\"status\": \"ok\", \"salons\": " + std::to_string(slugs.size()) + "}\n", "application/json");
        return;
    }
    std::string names, problems;
    for (const auto& [slug, problem] : failing) {
        names += (names.empty() ? "" : ", ") + json_string(slug);
        problems += (problems.empty() ? "" : ", ") + json_string(slug) + ": " + json_string(problem);
    }
    ctx.res.status = 503;
    ctx.res.set_content("{\"status\": \"failing\", \"salons\": [" + names + "], \"problems\": {" + problems + "}}\n",
                        "application/json");
}

bool is_acme_token(std::string_view token) {
    return !token.empty() && token.size() <= 256 && std::all_of(token.begin(), token.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_' || c == '-';
    });
}

void acme_challenge(Context& ctx) {
    // certbot --webroot -w <data>/acme-challenge writes <data>/acme-challenge/.well-known/acme-challenge/TOKEN;
    // uacme's hook and a hand-made file may put it straight in <data>/acme-challenge/TOKEN. Only a token of
    // RFC 8555's alphabet is looked up (no dot, no slash: nothing outside the directory), and the directory
    // itself is never listed.
    const auto& token = ctx.path.at("token");
    if (!is_acme_token(token)) return ctx.error_page(404, "error.not_found");
    const auto dir = ctx.services.registry.data_dir() / "acme-challenge";
    for (const auto& file : {dir / ".well-known" / "acme-challenge" / token, dir / token}) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(file, ec) || std::filesystem::file_size(file, ec) > 4096 || ec) continue;
        std::ifstream in(file, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        if (!in) continue;
        ctx.res.set_header("Cache-Control", "no-store");
        ctx.res.set_content(text.str(), "text/plain");
        return;
    }
    ctx.error_page(404, "error.not_found");
}

}  // namespace salonbox::web
