#include "web/confirmation.h"

#include "domain/text.h"

namespace salonbox::web {

bool confirmed(const Context& ctx) { return ctx.form("confirm") == "1"; }

bool confirmation_text_too_long(std::string_view text) {
    return text.size() > 4 * k_confirmation_text_max_chars || domain::code_points(text) > k_confirmation_text_max_chars;
}

bool checkbox_state(const Context& ctx, const std::string& name, bool fallback) {
    if (ctx.req.method == "POST") {
        // The confirmation page's own form says everything (an unticked box sends nothing); a POST of another
        // form, or a replay, may not hold the box at all: then the default stands.
        if (confirmed(ctx) || ctx.has_form(name)) return ctx.form(name) == "1";
        return fallback;
    }
    // A GET form that leads here (the invoice's issue options) marks that its boxes were chosen.
    if (ctx.has_query("chosen")) return ctx.query(name) == "1";
    return fallback;
}

void show_confirmation(Context& ctx, int status, const Confirmation& c) {
    auto d = ctx.page_data(c.title, c.nav_tab);
    d.set("title", c.title);
    d.set("consequence", c.consequence);
    view::set_text(d, "detail", c.detail);
    d.set("action_url", c.action_url);
    d.set("confirm_label", c.confirm_label);
    d.set("back_url", c.back_url);
    d.set("back_label", c.back_label);
    if (!c.text_field.empty()) {
        view::Data text;
        text.set("name", c.text_field);
        text.set("label", c.text_label);
        view::set_text(text, "help", c.text_help);
        text.set("value", c.text_value);
        if (c.error && c.error->field == c.text_field) text.set("error", ctx.t(c.error->message_key));
        d.set("text", text);
    }
    view::Data boxes{view::Data::type::list};
    for (const auto& b : c.checkboxes) {
        view::Data item;
        item.set("name", b.name);
        item.set("label", b.label);
        view::set_text(item, "help", b.help);
        item.set("checked", b.checked);
        boxes.push_back(item);
    }
    d.set("checkboxes", boxes);
    view::Data hidden{view::Data::type::list};
    for (const auto& [name, value] : c.hidden) {
        view::Data item;
        item.set("name", name);
        item.set("value", value);
        hidden.push_back(item);
    }
    d.set("hidden", hidden);
    if (c.error) d.set("error", ctx.t(c.error->message_key));
    ctx.render(status, "admin/confirm", std::move(d));
}

}  // namespace salonbox::web
