// The requests inbox shared by appointment requests (admin/requests.cpp) and change requests (admin/changes.cpp).
#pragma once

#include "view/templates.h"
#include "web/confirmation.h"
#include "web/context.h"

#include <string>

namespace salonbox::web {

// Renders the inbox with `status` and a page-wide `alert` ("" for none): what an answer that was refused shows.
void show_request_inbox(Context& ctx, int status, const std::string& alert);

// The confirmation step of declining a request or a change (posting to `action_url`): back to the inbox, and
// the message to the customer as typed so far; the caller words the title and the consequence.
Confirmation decline_step(const Context& ctx, const std::string& action_url);

// Adds the change requests (pending with their forms, and those decided in the last 30 days) to the inbox's data.
void add_change_requests(Context& ctx, view::Data& d);

}  // namespace salonbox::web
