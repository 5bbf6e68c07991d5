// How each record's status reads on a page or a document: the i18n key of its label and its badge's class.
#pragma once

#include "domain/appointment_state.h"
#include "domain/invoice_state.h"
#include "domain/request_state.h"

#include <string>

namespace salonbox::view {

struct StatusBadge {
    std::string label_key;
    std::string css;  // the badge's class attribute: "badge", or "badge badge-<tone>"
};

// The same invoice status, in the words of whoever reads it: the team reads "Unpaid" where the customer, on
// the portal and on the PDF, reads "To pay".
enum class Reader { staff, customer };

StatusBadge invoice_badge(domain::InvoiceStatus status, Reader reader);
StatusBadge request_badge(domain::RequestStatus status);
StatusBadge appointment_badge(domain::AppointmentStatus status);

}  // namespace salonbox::view
