// The confirmation step of a destructive or irreversible action: a page, reached by GET, that states the
// consequence in words and posts the action with `confirm=1`.
//
// Contract for the actions that use it: their POST handler performs nothing unless `confirmed(ctx)`; without it
// (an old form, a replayed request, a form of another page) it answers this page again, filled with what was
// posted, so an action never happens by a single stray submission.
#pragma once

#include "web/context.h"

#include <string>
#include <utility>
#include <vector>

namespace salonbox::web {

struct ConfirmCheckbox {
    std::string name;   // sent as "1" when ticked
    std::string label;  // translated
    std::string help;   // translated; may be empty
    bool checked = false;
};

struct Confirmation {
    std::string title;          // the page's heading, translated: what is about to happen
    std::string consequence;    // what follows, in words, translated
    std::string detail;         // a second sentence (what stays, how to undo); may be empty
    std::string action_url;     // where the confirmed POST goes
    std::string confirm_label;  // the danger button
    std::string back_url;       // leaving without doing anything
    std::string back_label;
    std::string nav_tab;        // the admin navigation tab the page belongs to
    // An optional free-text field sent with the action (a reason, a message to the customer).
    std::string text_field;  // its form name; empty: no field
    std::string text_label;
    std::string text_help;
    std::string text_value;
    std::vector<ConfirmCheckbox> checkboxes;
    std::vector<std::pair<std::string, std::string>> hidden;  // carried as they are
    std::optional<domain::Error> error;                       // a field error when the POST came back (422)
};

// True when the POST carries the field the confirmation page sends.
bool confirmed(const Context& ctx);

void show_confirmation(Context& ctx, int status, const Confirmation& c);

// The longest reason or message a confirmation takes, in characters (as the request answers allow).
constexpr std::size_t k_confirmation_text_max_chars = 1000;
bool confirmation_text_too_long(std::string_view text);

// A box's state on the confirmation page: as posted when the page answers a POST that holds it, as chosen on a
// GET form that sent `chosen=1`, otherwise `fallback`.
bool checkbox_state(const Context& ctx, const std::string& name, bool fallback);

}  // namespace salonbox::web
