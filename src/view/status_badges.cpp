#include "view/status_badges.h"

namespace salonbox::view {

namespace {
// Tones are the badge colours of the style sheet: approved (green), pending (amber), declined (red),
// rescheduled (blue); none is the neutral grey.
StatusBadge badge(std::string label_key, std::string_view tone) {
    return {std::move(label_key), tone.empty() ? std::string("badge") : "badge badge-" + std::string(tone)};
}
}  // namespace

StatusBadge invoice_badge(domain::InvoiceStatus status, Reader reader) {
    using S = domain::InvoiceStatus;
    auto key = std::string(reader == Reader::staff ? "admin.invoices.status." : "invoice.status.") + std::string(domain::to_string(status));
    switch (status) {
        case S::unpaid: return badge(key, "pending");
        case S::paid: return badge(key, "approved");
        case S::credit_note: return badge(key, "rescheduled");
        case S::draft:
        case S::credited: return badge(key, "");
    }
    return badge(key, "");
}

StatusBadge request_badge(domain::RequestStatus status) {
    using S = domain::RequestStatus;
    auto key = "request.status." + std::string(domain::to_string(status));
    switch (status) {
        case S::pending: return badge(key, "pending");
        case S::approved: return badge(key, "approved");
        case S::rescheduled: return badge(key, "rescheduled");
        case S::declined:
        case S::withdrawn: return badge(key, "declined");
    }
    return badge(key, "");
}

StatusBadge appointment_badge(domain::AppointmentStatus status) {
    using S = domain::AppointmentStatus;
    auto key = "appointment.status." + std::string(domain::to_string(status));
    switch (status) {
        case S::scheduled: return badge(key, "approved");
        case S::no_show: return badge(key, "pending");
        case S::cancelled: return badge(key, "declined");
        case S::completed: return badge(key, "");
    }
    return badge(key, "");
}

}  // namespace salonbox::view
