#include "view/i18n.h"
#include "view/templates.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace salonbox::view;

TEST_CASE("the page escape writes exactly what kainjow's own escape writes") {
    const std::vector<std::string> texts = {"",
                                            "plain text, nothing to escape",
                                            "&",
                                            "<script>alert('x')</script>",
                                            "\"quoted\" & 'single' <b>bold</b> >",
                                            "&&<<>>\"\"''",
                                            "Café « Chloé » – 15,00\u00a0€ & co",
                                            std::string("nul\0byte<", 10),
                                            std::string(100, '<') + std::string(100, 'a')};
    for (const auto& text : texts) {
        CAPTURE(text);
        CHECK(escape_html(text) == kainjow::mustache::html_escape(text));
    }
}

namespace {
// One upcoming appointment and two past ones as a portal page holds them, with values to escape.
struct Appointment {
    std::string when, animal, comments;
    bool cancel;
};
const std::vector<Appointment> k_upcoming = {{"Saturday 21 November 2026, 14:05", "Buddy", "Please bring the \"special\" shampoo", true}};
const std::vector<Appointment> k_past = {{"Tuesday 3 March 2026, 09:00", "Luna <cat>", "", false}, {"Friday 1 May 2026, 10:30", "Buddy", "O'Brien's", false}};

// The same data built the copying way kainjow's set() and push_back() offer.
Data copied() {
    Data d;
    d.set("title", "Appointments");
    d.set("base", "/s/demo");
    d.set("csrf_token", "t0k3n");
    Data user;
    user.set("name", "Alice Martin");
    d.set("user", user);
    d.set("portal_nav", true);
    for (const auto& [key, rows] : {std::pair{"upcoming", &k_upcoming}, std::pair{"past", &k_past}}) {
        Data items{Data::type::list};
        for (const auto& a : *rows) {
            Data item;
            item.set("id", "7");
            item.set("when", a.when);
            item.set("animal", a.animal);
            set_text(item, "comments", a.comments);
            if (a.cancel) item.set("cancel_url", "/s/demo/account/appointments/7/cancel");
            items.push_back(item);
        }
        d.set(key, items);
        d.set(std::string("has_") + key, !rows->empty());
    }
    return d;
}

Data moved() {
    Data d;
    put(d, "title", "Appointments");
    put_text(d, "base", "/s/demo");
    put_text(d, "csrf_token", "t0k3n");
    Data user;
    put_text(user, "name", "Alice Martin");
    put(d, "user", std::move(user));
    put(d, "portal_nav", true);
    for (const auto& [key, rows] : {std::pair{"upcoming", &k_upcoming}, std::pair{"past", &k_past}}) {
        auto items = list(1);  // smaller than the past list: growing past the reservation must keep every item
        for (const auto& a : *rows) {
            Data item;
            put_text(item, "id", "7");
            put_text(item, "when", a.when);
            put(item, "animal", a.animal);
            set_text(item, "comments", a.comments);
            if (a.cancel) put_text(item, "cancel_url", "/s/demo/account/appointments/7/cancel");
            append(items, std::move(item));
        }
        put(d, key, std::move(items));
        put(d, std::string("has_") + key, !rows->empty());
    }
    return d;
}
}  // namespace

TEST_CASE("page data built by move renders byte for byte as data built by copies") {
    Catalogs catalogs;
    Templates templates(catalogs);
    const auto by_copies = copied();
    const auto by_moves = moved();
    REQUIRE(by_moves.get("past")->list_value().size() == 2);
    for (const std::string locale : {"en", "fr"}) {
        CAPTURE(locale);
        const auto page = templates.render_page("portal/appointments", locale, by_moves);
        CHECK(page == templates.render_page("portal/appointments", locale, by_copies));
        CHECK(page.find("Luna &lt;cat&gt;") != std::string::npos);
        CHECK(page.find("O&apos;Brien&apos;s") != std::string::npos);
        CHECK(page.find("/s/demo/account/appointments/7/cancel") != std::string::npos);
    }
}

TEST_CASE("put replaces a field, and set_text leaves an empty text out") {
    Data d;
    put_text(d, "notice", "first");
    put_text(d, "notice", "second");
    set_text(d, "missing", "");
    REQUIRE(d.get("notice") != nullptr);
    CHECK(d.get("notice")->string_value() == "second");
    CHECK(d.get("missing") == nullptr);
}
