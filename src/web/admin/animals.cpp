// Admin screens for animals: the searchable list and the form that adds or corrects one, with species and breed
// pickers in the staff member's language.
#include "domain/customer_rules.h"
#include "domain/text.h"
#include "domain/time_zone.h"
#include "storage/animal_type_store.h"
#include "storage/audit_store.h"
#include "storage/customer_store.h"
#include "web/admin/customer_pages.h"
#include "web/admin/customer_picker.h"
#include "web/handlers.h"

#include <algorithm>
#include <cstdio>
#include <variant>

namespace salonbox::web {

using view::append, view::put, view::put_text;

namespace audit = storage::audit_store;

namespace {
using namespace customer_pages;
using domain::Error;

constexpr int k_page_size = 25;

domain::AnimalForm typed_animal(const Context& ctx) {
    return {ctx.form("customer_id"), ctx.form("name"),       ctx.form("species_id"), ctx.form("breed_id"),
            ctx.form("breed_detail"), ctx.form("birth_date"), ctx.form("notes")};
}

struct Pickers {
    CustomerPicker owners;
    std::vector<storage::animal_type_store::NamedType> species, breeds;
};

// The owner picker narrows to the customers found by the page's ?find= search, beside the owner already chosen.
Pickers load_pickers(Context& ctx, std::optional<std::int64_t> owner_id) {
    return ctx.db->read([&](storage::ReadTx& db) {
        return Pickers{load_customer_picker(db, ctx.query("find"), owner_id), storage::animal_type_store::species(db, ctx.locale),
                       storage::animal_type_store::breeds(db, ctx.locale)};
    });
}

std::vector<domain::AnimalType> types_of(const std::vector<storage::animal_type_store::NamedType>& named) {
    std::vector<domain::AnimalType> out;
    out.reserve(named.size());
    for (const auto& n : named) out.push_back({n.id, n.species_id});
    return out;
}

struct AnimalFormView {
    std::optional<std::int64_t> id;  // editing when set
    domain::AnimalForm values;
    std::vector<Error> errors;
};

void show_animal_form(Context& ctx, int status, const AnimalFormView& form, const Pickers& pickers) {
    const bool editing = form.id.has_value();
    const auto& v = form.values;
    auto d = ctx.page_data(ctx.t(editing ? "admin.animals.edit.title" : "admin.animals.new.title"), "animals");
    put(d, "editing", editing);
    put_text(d, "action", editing ? ctx.base() + "/admin/animals/" + std::to_string(*form.id) + "/edit" : ctx.base() + "/admin/animals/new");
    auto owner_id = domain::parse_record_id(domain::trim(v.customer_id));
    put_text(d, "cancel_url", owner_id ? ctx.base() + "/admin/customers/" + std::to_string(*owner_id) : ctx.base() + "/admin/animals");

    add_customer_picker(ctx, d, pickers.owners, [](const std::string& first, const std::string& last, const std::string& email) {
        return last + ", " + first + (email.empty() ? "" : " – " + email);
    });
    // The search keeps the owner already chosen; on the edit form that is the animal's own.
    put_text(d, "picker_action", editing ? ctx.base() + "/admin/animals/" + std::to_string(*form.id) + "/edit" : ctx.base() + "/admin/animals/new");
    view::Data keep{view::Data::type::list};
    if (!editing && owner_id) {
        view::Data field;
        put_text(field, "name", std::string("customer_id"));
        put_text(field, "value", std::to_string(*owner_id));
        append(keep, std::move(field));
    }
    put(d, "picker_keep", std::move(keep));

    const std::string chosen_species = domain::trim(v.species_id);
    const std::string chosen_breed = domain::trim(v.breed_id);
    auto species = view::list(pickers.species.size());
    view::Data groups{view::Data::type::list};
    for (const auto& s : pickers.species) {
        view::Data item;
        put_text(item, "id", std::to_string(s.id));
        put_text(item, "species_name", s.name);
        put(item, "selected", std::to_string(s.id) == chosen_species);
        append(species, std::move(item));
        view::Data breeds{view::Data::type::list};
        bool any = false;
        for (const auto& b : pickers.breeds) {
            if (b.species_id != s.id) continue;
            view::Data breed;
            put_text(breed, "id", std::to_string(b.id));
            put_text(breed, "breed_name", b.name);
            put(breed, "selected", std::to_string(b.id) == chosen_breed);
            append(breeds, std::move(breed));
            any = true;
        }
        if (!any) continue;
        view::Data group;
        put_text(group, "group_label", s.name);
        put(group, "breeds", std::move(breeds));
        append(groups, std::move(group));
    }
    put(d, "species", std::move(species));
    put(d, "breed_groups", std::move(groups));
    put(d, "no_breed_selected", chosen_breed.empty());

    put_text(d, "name", v.name);
    put_text(d, "breed_detail", v.breed_detail);
    put_text(d, "birth_date", v.birth_date);
    put_text(d, "notes", v.notes);
    auto today = domain::to_local(ctx.now(), ctx.salon.time_zone);
    char max_date[16];
    std::snprintf(max_date, sizeof max_date, "%04d-%02u-%02u", today.year, today.month, today.day);
    put_text(d, "max_date", std::string(max_date));
    add_field_errors(ctx, d, form.errors);
    ctx.render(status, "admin/animal_form", std::move(d));
}

// Checks the form and, in one write transaction, that the owner may have animals, then runs `store`.
// Returns the owner's id, or the errors to show.
template <class Store>
std::variant<std::int64_t, std::vector<Error>> check_and_store(Context& ctx, const domain::AnimalForm& typed, const Pickers& pickers, Store store) {
    auto local = domain::to_local(ctx.now(), ctx.salon.time_zone);
    auto checked = domain::check_animal(typed, types_of(pickers.species), types_of(pickers.breeds), {local.year, local.month, local.day});
    if (!checked.ok()) return checked.errors;
    const auto& v = checked.value;
    return ctx.db->write([&](storage::WriteTx& db) -> std::variant<std::int64_t, std::vector<Error>> {
        auto owner = storage::customer_store::find(db, v.customer_id);
        if (!owner) return std::vector<Error>{{"customer_id", "admin.animals.error.customer_unknown"}};
        if (owner->archived) return std::vector<Error>{{"customer_id", "admin.animals.error.customer_archived"}};
        storage::Animal a;
        a.customer_id = v.customer_id;
        a.name = v.name;
        a.species_id = v.species_id;
        a.breed_id = v.breed_id;
        a.breed_detail = v.breed_detail;
        a.notes = v.notes;
        a.birth_date = v.birth_date;
        store(db, a);
        return v.customer_id;
    });
}

std::optional<std::int64_t> path_id(const Context& ctx) { return domain::parse_record_id(ctx.path.at("id")); }
}  // namespace

void admin_animals(Context& ctx) {
    auto query = domain::trim(ctx.query("q"));
    if (query.size() > 200) query.resize(200);
    const int page = page_number(ctx);
    auto result = ctx.db->read([&](storage::ReadTx& db) {
        return storage::animal_store::search(db, query, ctx.locale, (page - 1) * k_page_size, k_page_size);
    });
    auto d = ctx.page_data(ctx.t("admin.animals.list.title"), "animals");
    put_text(d, "q", query);
    put(d, "searching", !query.empty());
    auto list = view::list(result.rows.size());
    for (const auto& a : result.rows) {
        view::Data item;
        put_text(item, "animal_name", a.name);
        put_text(item, "edit_url", ctx.base() + "/admin/animals/" + std::to_string(a.id) + "/edit");
        put_text(item, "species", a.species);
        put(item, "has_breed", !a.breed.empty());
        put_text(item, "breed", a.breed);
        put(item, "has_breed_detail", !a.breed_detail.empty());
        put_text(item, "breed_detail", a.breed_detail);
        put_text(item, "owner_name", a.owner_name);
        put_text(item, "owner_url", ctx.base() + "/admin/customers/" + std::to_string(a.customer_id));
        append(list, std::move(item));
    }
    put(d, "animals", std::move(list));
    put(d, "has_animals", !result.rows.empty());
    put_text(d, "count", std::to_string(result.total));
    put(d, "count_one", result.total == 1);
    add_pager(d, ctx.base() + "/admin/animals?q=" + url_encode(query), page, result.total, k_page_size);
    ctx.render(200, "admin/animal_list", std::move(d));
}

void admin_animal_new_form(Context& ctx) {
    domain::AnimalForm values;
    values.customer_id = ctx.query("customer_id");
    show_animal_form(ctx, 200, {std::nullopt, values, {}}, load_pickers(ctx, domain::parse_record_id(values.customer_id)));
}

void admin_animal_new_submit(Context& ctx) {
    auto typed = typed_animal(ctx);
    auto pickers = load_pickers(ctx, domain::parse_record_id(domain::trim(typed.customer_id)));
    std::int64_t id = 0;
    auto out = check_and_store(ctx, typed, pickers, [&](storage::WriteTx& db, const storage::Animal& a) {
        id = storage::animal_store::insert(db, a);
        audit::record(db, ctx.session->user.id, "animal_created", audit::subject(audit::RecordKind::animal, id),
                      audit::subject(audit::RecordKind::customer, a.customer_id), ctx.client_ip);
    });
    if (auto* errors = std::get_if<std::vector<Error>>(&out)) return show_animal_form(ctx, 422, {std::nullopt, typed, *errors}, pickers);
    ctx.redirect(ctx.base() + "/admin/customers/" + std::to_string(std::get<std::int64_t>(out)) + "?done=animal_added");
}

void admin_animal_edit_form(Context& ctx) {
    auto id = path_id(ctx);
    auto animal = id ? ctx.db->read([&](storage::ReadTx& db) { return storage::animal_store::find(db, *id); }) : std::nullopt;
    if (!animal) return ctx.error_page(404, "error.not_found");
    const auto& a = *animal;
    domain::AnimalForm values{std::to_string(a.customer_id), a.name, std::to_string(a.species_id), a.breed_id ? std::to_string(*a.breed_id) : "",
                              a.breed_detail, a.birth_date, a.notes};
    show_animal_form(ctx, 200, {id, values, {}}, load_pickers(ctx, a.customer_id));
}

void admin_animal_edit_submit(Context& ctx) {
    auto id = path_id(ctx);
    auto exists = id && ctx.db->read([&](storage::ReadTx& db) { return storage::animal_store::find(db, *id).has_value(); });
    if (!exists) return ctx.error_page(404, "error.not_found");
    auto typed = typed_animal(ctx);
    auto pickers = load_pickers(ctx, domain::parse_record_id(domain::trim(typed.customer_id)));
    auto out = check_and_store(ctx, typed, pickers, [&](storage::WriteTx& db, storage::Animal a) {
        a.id = *id;
        storage::animal_store::update(db, a);
        audit::record(db, ctx.session->user.id, "animal_updated", audit::subject(audit::RecordKind::animal, *id),
                      audit::subject(audit::RecordKind::customer, a.customer_id), ctx.client_ip);
    });
    if (auto* errors = std::get_if<std::vector<Error>>(&out)) return show_animal_form(ctx, 422, {id, typed, *errors}, pickers);
    ctx.redirect(ctx.base() + "/admin/customers/" + std::to_string(std::get<std::int64_t>(out)) + "?done=animal_saved");
}

}  // namespace salonbox::web
