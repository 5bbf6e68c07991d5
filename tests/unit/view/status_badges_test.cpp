#include "view/i18n.h"
#include "view/status_badges.h"

#include <doctest/doctest.h>

#include <vector>

using namespace salonbox;
using namespace salonbox::view;

namespace {
void check_badge(const Catalogs& catalogs, const StatusBadge& badge) {
    CAPTURE(badge.label_key);
    for (const auto& locale : catalogs.locales()) {
        CAPTURE(locale);
        CHECK(catalogs.has(locale, badge.label_key));
    }
    CHECK((badge.css == "badge" || badge.css.rfind("badge badge-", 0) == 0));
}
}  // namespace

TEST_CASE("every status of every record has a label in every language, for staff and customers") {
    Catalogs catalogs;
    using I = domain::InvoiceStatus;
    for (auto s : {I::draft, I::unpaid, I::paid, I::credited, I::credit_note})
        for (auto reader : {Reader::staff, Reader::customer}) check_badge(catalogs, invoice_badge(s, reader));
    using R = domain::RequestStatus;
    for (auto s : {R::pending, R::approved, R::declined, R::rescheduled, R::withdrawn}) check_badge(catalogs, request_badge(s));
    using A = domain::AppointmentStatus;
    for (auto s : {A::scheduled, A::completed, A::cancelled, A::no_show}) check_badge(catalogs, appointment_badge(s));
}

TEST_CASE("staff and customers read one invoice status in their own words, with the same badge") {
    Catalogs catalogs;
    auto staff = invoice_badge(domain::InvoiceStatus::unpaid, Reader::staff);
    auto customer = invoice_badge(domain::InvoiceStatus::unpaid, Reader::customer);
    CHECK(catalogs.text("en", staff.label_key) == "Unpaid");
    CHECK(catalogs.text("en", customer.label_key) == "To pay");
    CHECK(staff.css == customer.css);
    CHECK(catalogs.text("fr", invoice_badge(domain::InvoiceStatus::credited, Reader::customer).label_key) == "Annulée par avoir");
    CHECK(invoice_badge(domain::InvoiceStatus::paid, Reader::customer).css == "badge badge-approved");
}
