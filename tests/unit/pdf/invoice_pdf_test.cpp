#include "pdf/invoice_pdf.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>
#include <thread>

#include "pdf/poppler_reader.h"

using salonbox::pdf::InvoiceDocument;
using salonbox::pdf::InvoiceLineRow;
using salonbox::pdf::render_invoice_pdf;
namespace testing = salonbox::pdf::testing;

namespace {

InvoiceDocument french_invoice() {
    InvoiceDocument invoice;
    invoice.title = "Facture";
    invoice.salon_name = "Toilettage Chloé";
    invoice.salon_address = "12 rue des Lilas\n75011 Paris";
    invoice.salon_phone = "01 43 55 12 34";
    invoice.salon_tax_id_line = "TVA : FR12345678901";
    invoice.customer_name = "Renée Muñoz-Straße";
    invoice.customer_address = "8 avenue Jean Jaurès\r\n69007 Lyon";
    invoice.customer_email = "renee@demo.test";
    invoice.number_label = "Facture n°";
    invoice.number = "FA2602-0001";
    invoice.date_label = "Date";
    invoice.date = "21 févr. 2026";
    invoice.col_description = "Désignation";
    invoice.col_quantity = "Qté";
    invoice.col_unit_price = "Prix unitaire";
    invoice.col_tax = "TVA";
    invoice.col_amount = "Montant";
    invoice.lines = {
        {"Toilettage complet — Rex (Caniche nain), bain, coupe aux ciseaux, coupe des griffes et nettoyage des "
         "oreilles, séchage et brossage soigné",
         "1", "€45.00", "20%", "€45.00"},
        {"Shampooing spécial", "1", "€7.00", "20%", "€7.00"},
        {"Nœud décoratif", "2", "€0.00", "20%", "€0.00"},
    };
    invoice.totals = {{"Total HT", "€52.00"}, {"TVA 20%", "€10.40"}};
    invoice.total_label = "Total TTC";
    invoice.total = "€62.40";
    invoice.payment_rows = {{"Payé", "€62.40"}, {"Reste", "€0.00"}};
    invoice.footer = "Merci de votre confiance !\nPénalités de retard : trois fois le taux légal.";
    return invoice;
}

InvoiceDocument invoice_with_lines(int count) {
    InvoiceDocument invoice = french_invoice();
    invoice.lines.clear();
    for (int i = 1; i <= count; ++i) {
        char description[32];
        std::snprintf(description, sizeof description, "Prestation%02d", i);
        invoice.lines.push_back({description, "1", "€1.00", "20%", "€1.00"});
    }
    return invoice;
}

bool overlaps(const testing::Word& a, const testing::Word& b) {
    constexpr double slack = 0.2;  // touching boxes are fine
    return a.x_min < b.x_max - slack && b.x_min < a.x_max - slack && a.y_min < b.y_max - slack &&
           b.y_min < a.y_max - slack;
}

const testing::Word& word(const testing::Page& page, std::string_view text) {
    auto found = std::find_if(page.words.begin(), page.words.end(), [&](const auto& w) { return w.text == text; });
    REQUIRE_MESSAGE(found != page.words.end(), "no word " << text);
    return *found;
}

std::vector<testing::Word> words(const testing::Page& page, std::string_view text) {
    std::vector<testing::Word> found;
    for (const testing::Word& w : page.words) {
        if (w.text == text) found.push_back(w);
    }
    return found;
}

}  // namespace

TEST_CASE("an invoice is a complete PDF file") {
    const std::string pdf = render_invoice_pdf(french_invoice());
    CHECK(pdf.starts_with("%PDF-"));
    const std::string_view tail = std::string_view(pdf).substr(0, pdf.find_last_not_of("\r\n") + 1);
    CHECK(tail.ends_with("%%EOF"));
    CHECK(testing::page_objects(pdf) == 1);
}

TEST_CASE("the invoice text can be extracted, accents and euro sign included") {
    const testing::ReadBack read = testing::read_back(render_invoice_pdf(french_invoice()));
    for (const char* expected : {"FA2602-0001", "€62.40", "Chloé", "Caniche nain", "Renée Muñoz-Straße", "Jaurès",
                                 "21 févr. 2026", "Désignation", "Prix unitaire", "Nœud décoratif", "Total TTC",
                                 "Merci de votre confiance !", "TVA : FR12345678901"}) {
        CHECK_MESSAGE(read.plain_text.find(expected) != std::string::npos, expected);
    }
    CHECK(read.title == "Facture FA2602-0001");
    CHECK(read.creator == "salonbox");
}

TEST_CASE("every visible word comes from the document: nothing is hard-coded") {
    InvoiceDocument invoice = french_invoice();
    const std::string fields[] = {
        invoice.title, invoice.salon_name, invoice.salon_address, invoice.salon_phone, invoice.salon_tax_id_line,
        invoice.customer_name, invoice.customer_address, invoice.customer_email, invoice.number_label,
        invoice.number, invoice.date_label, invoice.date, invoice.col_description, invoice.col_quantity,
        invoice.col_unit_price, invoice.col_tax, invoice.col_amount, invoice.total_label, invoice.total,
        invoice.footer};
    std::ostringstream source;
    for (const std::string& field : fields) source << field << ' ';
    for (const auto& row : invoice.lines) {
        source << row.description << ' ' << row.quantity << ' ' << row.unit_price << ' ' << row.tax_rate << ' '
               << row.amount << ' ';
    }
    for (const auto& [label, value] : invoice.totals) source << label << ' ' << value << ' ';
    for (const auto& [label, value] : invoice.payment_rows) source << label << ' ' << value << ' ';

    const testing::ReadBack read = testing::read_back(render_invoice_pdf(invoice));
    REQUIRE(read.pages.size() == 1);
    for (const testing::Word& w : read.pages[0].words) {
        CHECK_MESSAGE(source.str().find(w.text) != std::string::npos, "unexpected word on the page: " << w.text);
    }
}

TEST_CASE("a single page carries no page number") {
    const testing::ReadBack read = testing::read_back(render_invoice_pdf(french_invoice()));
    REQUIRE(read.pages.size() == 1);
    CHECK(read.plain_text.find("1 / 1") == std::string::npos);
}

TEST_CASE("words never overlap and stay inside the page margins") {
    InvoiceDocument invoice = french_invoice();
    invoice.salon_name = "Hundesalon Süßer Pfotenzauber und Katzenpflege Großhadern GmbH & Co. KG";
    invoice.customer_email = "maria.jose.munoz.de.la.pena@an-extremely-long-domain-name.example";
    invoice.col_unit_price = "Einzelpreis (netto) vor Rabatt";
    invoice.lines.push_back(
        {"Supercalifragilisticexpialidociousdoggroomingpackagedeluxe", "1", "€1,234,567.89", "19%", "€1,234,567.89"});
    invoice.totals.push_back({"Zwischensumme mit einer langen Bezeichnung, die umbrechen muss", "€1.00"});
    for (const testing::Page& page : testing::read_back(render_invoice_pdf(invoice)).pages) {
        for (std::size_t i = 0; i < page.words.size(); ++i) {
            const testing::Word& a = page.words[i];
            CHECK_MESSAGE(a.x_min >= 49.9, a.text);
            CHECK_MESSAGE(a.x_max <= page.width - 49.9, a.text);
            CHECK_MESSAGE(a.y_min >= 40, a.text);
            CHECK_MESSAGE(a.y_max <= page.height - 20, a.text);
            for (std::size_t j = i + 1; j < page.words.size(); ++j) {
                CHECK_MESSAGE(!overlaps(a, page.words[j]), a.text << " overlaps " << page.words[j].text);
            }
        }
    }
}

TEST_CASE("numbers are right-aligned and long descriptions wrap inside their column") {
    const testing::ReadBack read = testing::read_back(render_invoice_pdf(french_invoice()));
    const testing::Page& page = read.pages.at(0);

    // Amounts, totals and payments share the right edge of the amount column; unit prices have their own.
    std::vector<double> euro_right_edges;
    for (const testing::Word& w : page.words) {
        if (w.text.starts_with("€")) euro_right_edges.push_back(w.x_max);
    }
    REQUIRE(euro_right_edges.size() == 11);  // 3 unit prices, 3 amounts, 2 totals, the total, 2 payments
    const auto [unit_price_edge, amount_edge] = std::minmax_element(euro_right_edges.begin(), euro_right_edges.end());
    auto aligned_with = [&](double edge) {
        return std::count_if(euro_right_edges.begin(), euro_right_edges.end(),
                             [&](double x) { return std::abs(x - edge) < 0.5; });
    };
    CHECK(aligned_with(*amount_edge) == 8);
    CHECK(aligned_with(*unit_price_edge) == 3);
    CHECK(*amount_edge == doctest::Approx(page.width - 50 - 6).epsilon(0.001));  // margin and cell padding

    // Quantities share a right edge too.
    const double quantity_edge = words(page, "1").at(0).x_max;
    for (const testing::Word& w : words(page, "1")) CHECK(std::abs(w.x_max - quantity_edge) < 0.5);
    CHECK(std::abs(word(page, "2").x_max - quantity_edge) < 0.5);

    // The long description took several lines, all left of the quantity column.
    const double quantity_column_start = word(page, "Qté").x_min;
    const testing::Word& first = word(page, "complet");
    const testing::Word& last = word(page, "soigné");
    CHECK(last.y_min > first.y_min + 20);  // at least three lines
    for (const testing::Word& w : page.words) {
        if (w.y_min >= first.y_min - 1 && w.y_max <= last.y_max + 1 && w.x_min < quantity_column_start - 20) {
            CHECK_MESSAGE(w.x_max < quantity_column_start, w.text);
        }
    }
}

TEST_CASE("sixty lines continue over several numbered pages with the table header repeated") {
    const InvoiceDocument invoice = invoice_with_lines(60);
    const std::string pdf = render_invoice_pdf(invoice);
    const int page_count = testing::page_objects(pdf);
    CHECK(page_count > 1);

    const testing::ReadBack read = testing::read_back(pdf);
    REQUIRE(static_cast<int>(read.pages.size()) == page_count);
    for (int i = 0; i < page_count; ++i) {
        const testing::Page& page = read.pages[static_cast<std::size_t>(i)];
        const std::string text = page.joined();
        CAPTURE(i);
        CHECK(testing::occurrences(text, "Désignation Qté Prix unitaire TVA Montant") == 1);
        CHECK(text.ends_with(std::to_string(i + 1) + " / " + std::to_string(page_count)));
        const bool last = i + 1 == page_count;
        CHECK((text.find("Merci de votre confiance !") != std::string::npos) == last);
        // poppler reads the totals block column by column: labels, then values
        CHECK((text.find("Total TTC") != std::string::npos) == last);
        CHECK((text.find("€62.40") != std::string::npos) == last);
        // Every page after the first names the salon and the document in its running header.
        if (i > 0) CHECK(text.starts_with("Toilettage Chloé Facture FA2602-0001"));
    }

    // Every line once, in order.
    const std::string all = read.all_words();
    std::size_t previous = 0;
    for (const InvoiceLineRow& row : invoice.lines) {
        CHECK_MESSAGE(testing::occurrences(all, row.description) == 1, row.description);
        const std::size_t at = all.find(row.description);
        CHECK_MESSAGE(at > previous, row.description);
        previous = at;
    }
}

TEST_CASE("a description longer than a page is split across pages without losing text") {
    InvoiceDocument invoice = french_invoice();
    std::string long_description;
    for (int i = 1; i <= 120; ++i) long_description += "Étape" + std::to_string(i) + "\n";
    invoice.lines.insert(invoice.lines.begin() + 1, {long_description, "1", "€3.00", "20%", "€3.00"});
    const std::string pdf = render_invoice_pdf(invoice);
    CHECK(testing::page_objects(pdf) >= 3);
    const std::string all = testing::read_back(pdf).all_words();
    for (int i = 1; i <= 120; ++i) CHECK(testing::occurrences(all, "Étape" + std::to_string(i) + " ") == 1);
    CHECK(testing::occurrences(all, "€3.00") == 2);  // unit price and amount, drawn once
    CHECK(all.find("Total TTC") != std::string::npos);
    CHECK(all.find("€62.40") != std::string::npos);
}

TEST_CASE("an invoice without lines, and an empty document, still render") {
    InvoiceDocument no_lines = french_invoice();
    no_lines.lines.clear();
    const std::string pdf = render_invoice_pdf(no_lines);
    CHECK(testing::page_objects(pdf) == 1);
    CHECK(testing::read_back(pdf).plain_text.find("€62.40") != std::string::npos);

    const std::string empty = render_invoice_pdf(InvoiceDocument{});
    CHECK(empty.starts_with("%PDF-"));
    CHECK(testing::page_objects(empty) == 1);
}

TEST_CASE("text that libharu would garble is cleaned up, not passed through") {
    InvoiceDocument invoice = french_invoice();
    invoice.customer_name = "Bella \xF0\x9F\x90\xBE Dupont";  // emoji
    invoice.lines[1].description = "Coupe \xC3 spéciale";     // malformed UTF-8
    const std::string text = testing::read_back(render_invoice_pdf(invoice)).plain_text;
    CHECK(text.find("Bella Dupont") != std::string::npos);
    CHECK(text.find("Coupe \xEF\xBF\xBD spéciale") != std::string::npos);
}

TEST_CASE("the same invoice gives the same bytes, also from several threads at once") {
    const InvoiceDocument invoice = french_invoice();
    const std::string expected = render_invoice_pdf(invoice);
    CHECK(render_invoice_pdf(invoice) == expected);

    std::vector<std::string> results(4);
    std::vector<std::thread> threads;
    for (std::string& result : results) {
        threads.emplace_back([&] { result = render_invoice_pdf(invoice); });
    }
    for (std::thread& thread : threads) thread.join();
    for (const std::string& result : results) CHECK(result == expected);
}

TEST_CASE("a short invoice stays small: fonts are subset and streams compressed") {
    const std::string pdf = render_invoice_pdf(french_invoice());
    MESSAGE("3-line invoice: " << pdf.size() << " bytes");
    // About 60 KB with the cut fonts of scripts/subset-fonts.sh (185 KB with the full DejaVu Sans, over 550 KB
    // uncompressed).
    CHECK(pdf.size() < 100'000);
    CHECK(testing::occurrences(pdf, "/FlateDecode") >= 5);
}

TEST_CASE("the marks of a document: stamp with its payments, amount due, further references, notes") {
    InvoiceDocument paid = french_invoice();
    paid.more_references = {{"Échéance", "7 mars 2026"}};
    paid.stamp = "PAYÉE";
    paid.stamp_lines = {"21 févr. 2026 · Carte · 62,40 €"};
    paid.paid_by_package_or_credit = {"Réglé avec une séance de forfait"};
    paid.notes = {"Conditions de paiement : payable sous 14 jours.", "Vos factures en ligne : https://salon.example/s/demo/login"};
    const testing::ReadBack read = testing::read_back(render_invoice_pdf(paid));
    REQUIRE(read.pages.size() == 1);
    for (const char* expected : {"Échéance", "7 mars 2026", "PAYÉE", "21 févr. 2026 · Carte · 62,40 €",
                                 "Réglé avec une séance de forfait", "payable sous 14 jours.",
                                 "https://salon.example/s/demo/login"}) {
        CHECK_MESSAGE(read.pages[0].joined().find(expected) != std::string::npos, expected);
    }
    // The stamp stands above the table, the notes below the totals.
    auto top_of = [&](std::string_view word) {
        for (const testing::Word& w : read.pages[0].words)
            if (w.text == word) return w.y_min;
        FAIL("missing word " << word);
        return 0.0;
    };
    CHECK(top_of("PAYÉE") < top_of("Désignation"));
    CHECK(top_of("Conditions") > top_of("TTC"));
    CHECK(top_of("Réglé") < top_of("Conditions"));

    InvoiceDocument unpaid = french_invoice();
    unpaid.amount_due_label = "Reste à payer";
    unpaid.amount_due = "€62.40";
    unpaid.amount_due_note = "À régler avant le 7 mars 2026";
    const std::string text = testing::read_back(render_invoice_pdf(unpaid)).pages[0].joined();
    CHECK(text.find("Reste à payer €62.40 À régler avant le 7 mars 2026") != std::string::npos);
}

TEST_CASE("a watermark lies on every page without pushing the content") {
    InvoiceDocument draft = invoice_with_lines(60);
    const testing::ReadBack plain = testing::read_back(render_invoice_pdf(draft));
    draft.watermark = "BROUILLON";
    const std::string pdf = render_invoice_pdf(draft);
    const testing::ReadBack marked = testing::read_back(pdf);
    REQUIRE(marked.pages.size() == plain.pages.size());
    REQUIRE(marked.pages.size() > 1);
    for (std::size_t page = 0; page < marked.pages.size(); ++page) {
        // Diagonal text comes back from poppler in fragments taller than any line of the document.
        std::string letters;
        for (const testing::Word& w : marked.pages[page].words)
            if (w.y_max - w.y_min > 40) letters += w.text;
        std::sort(letters.begin(), letters.end());
        std::string expected = "BROUILLON";
        std::sort(expected.begin(), expected.end());
        CHECK(letters == expected);
        CHECK(marked.pages[page].words.size() > plain.pages[page].words.size());
    }
    CHECK(render_invoice_pdf(draft) == pdf);
}

TEST_CASE("rendering leaves no file descriptor open") {
    auto open_descriptors = [] {
        return std::distance(std::filesystem::directory_iterator("/proc/self/fd"),
                             std::filesystem::directory_iterator{});
    };
    const auto before = open_descriptors();
    for (int i = 0; i < 3; ++i) (void)render_invoice_pdf(french_invoice());
    CHECK(open_descriptors() == before);
}
