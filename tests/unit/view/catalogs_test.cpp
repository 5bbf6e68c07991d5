#include "view/i18n.h"
#include "view/templates.h"

#include <doctest/doctest.h>

using namespace salonbox::view;

TEST_CASE("every catalog has exactly the keys of the English one") {
    Catalogs catalogs;
    auto english = catalogs.keys("en");
    REQUIRE(english.size() > 20);
    for (const auto& locale : catalogs.locales()) {
        CAPTURE(locale);
        for (const auto& key : english) {
            CAPTURE(key);
            CHECK(catalogs.has(locale, key));
        }
        CHECK(catalogs.keys(locale).size() == english.size());
    }
    CHECK(catalogs.locales() == std::vector<std::string>{"en", "fr"});
}

TEST_CASE("every [[key]] a template uses exists in every catalog") {
    Catalogs catalogs;
    Templates templates(catalogs);
    REQUIRE_FALSE(templates.used_keys().empty());
    for (const auto& locale : catalogs.locales())
        for (const auto& key : templates.used_keys()) {
            CAPTURE(locale);
            CAPTURE(key);
            CHECK(catalogs.has(locale, key));
        }
}

TEST_CASE("every template compiles in every language, the test language too") {
    Catalogs catalogs;
    CHECK_NOTHROW(Templates(catalogs).compile_all());
    Catalogs testing(true);
    CHECK_NOTHROW(Templates(testing).compile_all());
}

TEST_CASE("a page is its content where the layout says {{{content}}}, in one pass") {
    Catalogs catalogs;
    Templates templates(catalogs);
    Data d;
    d.set("title", "Sign in");
    d.set("salon_name", "Happy <Paws>");
    d.set("base", "/s/demo");
    Data user;
    user.set("name", "Alice");
    d.set("user", user);
    for (const std::string locale : {"en", "fr"}) {
        Data whole = d;
        whole.set("content", templates.render("admin/login", locale, d));
        CAPTURE(locale);
        CHECK(templates.render_page("admin/login", locale, d) == templates.render("layout/page", locale, whole));
    }
}

TEST_CASE("pages are translated and escape what they are given") {
    Catalogs catalogs;
    Templates templates(catalogs);
    Data d;
    d.set("email", "<script>alert(1)</script>");
    d.set("base", "/s/demo");
    auto en = templates.render("admin/login", "en", d);
    auto fr = templates.render("admin/login", "fr", d);
    CHECK(en.find("Staff sign-in") != std::string::npos);
    CHECK(fr.find("Connexion de l’équipe") != std::string::npos);
    CHECK(en.find("<script>alert") == std::string::npos);
    CHECK(en.find("&lt;script&gt;") != std::string::npos);
}

TEST_CASE("the language: the person's, then the browser's, then the salon's") {
    CHECK(negotiate_locale("fr-CH, fr;q=0.9, en;q=0.8") == "fr");
    CHECK(negotiate_locale("de-DE, en;q=0.5") == "en");
    CHECK(negotiate_locale("en;q=0.4, fr;q=0.7") == "fr");
    CHECK(negotiate_locale("de, ja") == "");
    CHECK(choose_locale("fr", "en", "en") == "fr");
    CHECK(choose_locale("", "fr-FR", "en") == "fr");
    CHECK(choose_locale("", "de", "fr") == "fr");
    CHECK(choose_locale("xx", "", "") == "en");
}

TEST_CASE("a missing key reads as the key itself, and two of them in one expression stay apart") {
    Catalogs catalogs;
    // Both texts are alive at once, as in a call taking two of them.
    auto joined = [](const std::string& a, const std::string& b) { return a + " " + b; };
    CHECK(joined(catalogs.text("en", "no.such.a"), catalogs.text("fr", "no.such.b")) == "no.such.a no.such.b");
    CHECK(catalogs.text("de", "admin.dashboard.customers") == catalogs.text("en", "admin.dashboard.customers"));  // English stands in
}

TEST_CASE("the test locale wraps every English text, exists only when asked for, and is chosen by its tag") {
    Catalogs plain;
    CHECK_FALSE(plain.has(Catalogs::test_locale, "admin.dashboard.customers"));
    CHECK_FALSE(plain.wants_test_locale("x-test"));

    Catalogs testing(true);
    CHECK(testing.keys(Catalogs::test_locale) == testing.keys("en"));
    for (const auto& key : testing.keys("en")) {
        CAPTURE(key);
        CHECK(testing.text(Catalogs::test_locale, key) == "\u27E6" + testing.text("en", key) + "\u27E7");
    }
    CHECK(testing.wants_test_locale("x-test"));
    CHECK(testing.wants_test_locale("fr, X-Test;q=0.1"));
    CHECK_FALSE(testing.wants_test_locale("fr, en"));
    CHECK_FALSE(testing.wants_test_locale("x-testing"));

    // Templates compiled from them speak it too: the sign-in page's words arrive wrapped.
    Templates templates(testing);
    Data d;
    d.set("base", "/s/demo");
    CHECK(templates.render("admin/login", std::string(Catalogs::test_locale), d).find("\u27E6Staff sign-in\u27E7") != std::string::npos);
}
