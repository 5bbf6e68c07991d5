// `salonbox demo`: the demo salon of DESIGN.md, "Happy Paws Grooming", with its staff, customers and history.
#include "auth/password.h"
#include "auth/tokens.h"
#include "cli/commands.h"
#include "cli/demo_history.h"
#include "domain/packages.h"
#include "domain/time_zone.h"
#include "storage/animal_type_store.h"
#include "storage/appointment_store.h"
#include "storage/booking_store.h"
#include "storage/change_request_store.h"
#include "storage/credit_store.h"
#include "storage/package_store.h"
#include "storage/request_store.h"
#include "storage/customer_store.h"
#include "storage/invoice_store.h"
#include "storage/salon_registry.h"
#include "storage/service_store.h"
#include "storage/user_store.h"

#include <chrono>
#include <cstdio>
#include <vector>

namespace salonbox::cli {

namespace {
constexpr const char* k_zone = "Europe/Paris";

// `days` from today at hh:mm, salon time.
domain::Instant at(int days, unsigned hour, unsigned minute = 0) {
    auto local = domain::add_days(domain::to_local(domain::system_clock().now(), k_zone), days);
    local.hour = hour;
    local.minute = minute;
    return *domain::from_local(local, k_zone);
}

struct Account {
    std::string email, role, name, password;
};
}  // namespace

int demo(const DemoOptions& o) {
    if (o.password) {
        if (auto error = auth::check_password_policy(*o.password)) {
            std::fprintf(stderr, "salonbox: --password: %s\n",
                         error->message_key == "error.password_common" ? "too common; choose another" : "use 8 to 128 characters");
            return k_usage;
        }
    }
    try {
        storage::SalonRegistry registry(o.data_dir);
        if (registry.exists("demo")) {
            std::fprintf(stderr, "salonbox: the demo salon already exists in %s (remove %s to start again)\n", o.data_dir.c_str(),
                         registry.salon_path("demo").string().c_str());
            return k_failed;
        }
        domain::SalonSettings settings;
        settings.slug = "demo";
        settings.name = "Happy Paws Grooming";
        settings.address = "12 rue des Lilas\n75011 Paris";
        settings.phone = "+33 1 23 45 67 89";
        settings.email = "hello@demo.test";
        settings.tax_id = "FR12345678901";
        settings.time_zone = k_zone;
        settings.locale = "en";
        settings.currency = "EUR";
        settings.mail_sender_name = "Happy Paws Grooming";
        auto db = registry.create(settings);

        auth::PasswordHasher hasher;
        std::vector<Account> accounts{
            {"owner@demo.test", "owner", "Sophie Laurent", ""},  {"manager@demo.test", "manager", "Marc Petit", ""},
            {"groomer@demo.test", "staff", "Chloé", ""},         {"alice@demo.test", "customer", "Alice Martin", ""},
            {"bob@demo.test", "customer", "Bob Durand", ""},
        };
        for (auto& a : accounts) a.password = o.password ? *o.password : auth::random_token(9);

        const auto started = std::chrono::steady_clock::now();
        HistoryCounts history;
        db->write([&](storage::WriteTx& c) {
            using namespace storage;
            auto species = [&](const char* code) { return animal_type_store::species_id(c, code).value(); };
            auto breed = [&](const char* code) { return animal_type_store::breed_id(c, code); };
            std::map<std::string, std::int64_t> user_ids;
            auto add_user = [&](const Account& a, std::optional<std::int64_t> customer, const std::string& locale) {
                User u;
                u.email = a.email;
                u.role = domain::parse_role(a.role).value();
                u.display_name = a.name;
                u.locale = locale;
                u.customer_id = customer;
                u.password_hash = hasher.hash(a.password).value();
                user_ids[a.email] = user_store::insert(c, u).value();
            };
            for (int i = 0; i < 3; ++i) add_user(accounts[i], std::nullopt, i == 2 ? "fr" : "en");
            auto groomer = user_ids["groomer@demo.test"];

            const auto full_groom = service_store::insert(c, {0, "Full groom", 90, 5500, 2000, true});
            const auto bath = service_store::insert(c, {0, "Bath & brush", 60, 3500, 2000, true});
            const auto nails = service_store::insert(c, {0, "Nail trim", 15, 1200, 2000, true});
            service_store::set_other_names(c, full_groom, {{"fr", "Toilettage complet"}});
            service_store::set_other_names(c, bath, {{"fr", "Bain et brossage"}});
            service_store::set_other_names(c, nails, {{"fr", "Coupe des griffes"}});

            auto alice = customer_store::insert(c, {0, "Alice", "Martin", "alice@demo.test", "+33 6 11 22 33 44", "4 avenue Foch\n75116 Paris", "en", "", false});
            auto bob = customer_store::insert(c, {0, "Bob", "Durand", "bob@demo.test", "+33 6 55 66 77 88", "8 place Bellecour\n69002 Lyon", "fr", "", false});
            auto carol = customer_store::insert(c, {0, "Carol", "White", "carol@demo.test", "+44 20 7946 0000", "", "en", "Prefers morning appointments", false});
            add_user(accounts[3], alice, "en");
            add_user(accounts[4], bob, "fr");

            auto buddy = animal_store::insert(c, {0, alice, "Buddy", species("dog"), breed("poodle"), "", ""});
            auto luna = animal_store::insert(c, {0, alice, "Luna", species("cat"), breed("persian"), "", ""});
            auto rex = animal_store::insert(c, {0, bob, "Rex", species("dog"), breed("poodle"), "", ""});
            auto mimi = animal_store::insert(c, {0, bob, "Mimi", species("cat"), std::nullopt, "", ""});
            (void)mimi;
            // Carol's two, booked by phone: today's work on the day grid and the dashboard.
            auto biscuit = animal_store::insert(c, {0, carol, "Biscuit", species("dog"), breed("beagle"), "", ""});
            auto pepper = animal_store::insert(c, {0, carol, "Pepper", species("cat"), breed("siamese"), "", ""});
            if (o.large) {
                // Five years that end before the contract's own appointments and invoices below, so that invoice
                // numbers keep following issue dates.
                DemoCast cast{groomer, user_ids["manager@demo.test"],
                              {{full_groom, "Full groom", 90, 5500, 2000}, {bath, "Bath & brush", 60, 3500, 2000}, {nails, "Nail trim", 15, 1200, 2000}},
                              alice, bob, {{buddy, "Buddy"}, {luna, "Luna"}}, {{rex, "Rex"}, {mimi, "Mimi"}}};
                history = write_history(c, cast, HistorySize{}, at(-43, 9));
            }

            auto appointment = [&](std::int64_t customer, std::int64_t animal, std::int64_t service, domain::Instant start, int minutes,
                                   const std::string& status, const std::string& comments, const std::string& notes,
                                   std::int64_t staff_user_id) {
                Appointment a;
                a.customer_id = customer;
                a.animal_id = animal;
                a.service_id = service;
                a.staff_user_id = staff_user_id;
                a.starts_at = start;
                a.ends_at = start + std::chrono::minutes(minutes);
                a.status = status;
                a.comments = comments;
                a.internal_notes = notes;
                return appointment_store::insert(c, a).value();
            };
            auto alice_past1 = appointment(alice, buddy, full_groom, at(-42, 10), 90, "completed", "", "", groomer);
            auto alice_past2 = appointment(alice, luna, bath, at(-14, 15), 60, "completed", "Luna was very calm today.", "", groomer);
            appointment(alice, buddy, full_groom, at(3, 14), 90, "scheduled", "Please bring the special shampoo",
                        "Nervous with the dryer, muzzle for nails", groomer);
            auto bob_past = appointment(bob, rex, full_groom, at(-21, 9, 30), 90, "completed", "", "", groomer);
            appointment(bob, mimi, nails, at(5, 11), 15, "scheduled", "", "", groomer);
            // Two appointments today, whatever day the demo is made (inside the hours on the days the salon opens).
            appointment(carol, biscuit, full_groom, at(0, 10), 90, "scheduled", "", "First visit: booked by phone", groomer);
            appointment(carol, pepper, bath, at(0, 14), 60, "scheduled", "", "", user_ids["manager@demo.test"]);

            auto invoice = [&](std::int64_t customer, std::optional<std::int64_t> appt, std::vector<InvoiceLine> lines) {
                auto id = invoice_store::create_draft(c, customer, appt, "EUR");
                for (const auto& l : lines) invoice_store::add_line(c, id, l);
                return id;
            };
            // Issued in date order, as the law of most countries expects of invoice numbers.
            auto paid = invoice(alice, alice_past1, {{"Full groom – Buddy", 1, 5500, 2000}, {"Nail trim", 1, 1200, 2000}});
            invoice_store::issue(c, paid, at(-42, 12));
            invoice_store::add_payment(c, paid, 8040, "card", at(-42, 12), user_ids["manager@demo.test"]);
            auto bob_paid = invoice(bob, bob_past, {{"Toilettage complet – Rex", 1, 5500, 2000}});
            invoice_store::issue(c, bob_paid, at(-21, 11, 30));
            invoice_store::add_payment(c, bob_paid, 6600, "cash", at(-21, 11, 30), user_ids["manager@demo.test"]);
            auto unpaid = invoice(alice, alice_past2, {{"Bath & brush – Luna", 1, 3500, 2000}, {"De-shedding treatment", 1, 1700, 2000}});
            invoice_store::issue(c, unpaid, at(-14, 16, 30));
            invoice(alice, std::nullopt, {{"Full groom – Buddy", 1, 5500, 2000}});

            // Alice's "5 × Bath & brush", bought about six months ago for a year: one session by hand before her
            // last bath (Luna's), which used the second. 20.00 of gift credit. Bob has neither.
            PackageType baths;
            baths.name = "5 × Bath & brush";
            baths.sessions = 5;
            baths.price_minor = 15000;
            baths.tax_rate_bp = 2000;
            baths.validity_days = 365;
            baths.service_ids = {bath};
            auto baths_id = package_store::insert_type(c, baths);
            auto sold_at = at(-182, 11);
            auto sale = package_store::record_sale(c, {alice, baths_id, baths.name, baths.sessions, baths.price_minor,
                                                       domain::package_expiry(sold_at, baths.validity_days, k_zone), std::nullopt,
                                                       user_ids["manager@demo.test"], sold_at});
            package_store::redeem_by_hand(c, sale, luna, at(-60, 15), user_ids["manager@demo.test"]);
            package_store::redeem(c, alice_past2, sale, domain::day_of(at(-14, 15), k_zone), user_ids["manager@demo.test"]);
            credit_store::add(c, {alice, 2000, domain::CreditKind::gift, "Loyalty gift", std::nullopt, std::nullopt, user_ids["manager@demo.test"]});

            // Booking: open Tuesday-Saturday 09:00-18:00, lunch 12:30-13:30 on Saturday; Chloé and Marc Petit take
            // bookings for every service, the owner does not.
            domain::WeeklyHours hours;
            for (std::size_t day = 1; day <= 4; ++day) hours[day] = {{9 * 60, 18 * 60}};
            hours[5] = {{9 * 60, 12 * 60 + 30}, {13 * 60 + 30, 18 * 60}};
            booking_store::save_hours(c, hours);
            for (const char* email : {"groomer@demo.test", "manager@demo.test", "owner@demo.test"}) {
                TeamAvailability terms;
                terms.user_id = user_ids[email];
                terms.takes_bookings = std::string_view(email) != "owner@demo.test";
                booking_store::save_team_member(c, terms);
            }
            domain::BookingPolicy policy;
            policy.min_notice_minutes = 120;
            policy.horizon_days = 90;
            policy.slot_step_minutes = 15;
            policy.online_booking = "request";
            policy.requests_outside_slots = false;
            booking_store::save_policy(c, policy);
            // Customers' own changes: free until 24 h before, then a 15.00 late-cancel fee; the salon decides.
            ChangeSettings changes;
            changes.policy.cancel_cutoff = std::chrono::hours(24);
            changes.policy.reschedule_cutoff = std::chrono::hours(24);
            changes.policy.late_cancel_fee_minor = 1500;
            changes.auto_approve = false;
            change_request_store::save_settings(c, changes);

            AppointmentRequest request;
            request.customer_id = bob;
            request.animal_id = rex;
            request.starts_at = at(9, 10);
            request.ends_at = at(9, 11, 30);
            request.comments = "Coupe courte pour l'été, s'il vous plaît.";
            request_store::insert(c, request);
        });

        std::printf("Created the demo salon \"Happy Paws Grooming\" in %s.\n\n", o.data_dir.c_str());
        if (o.large) {
            const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
            std::printf("Five years of history in %.1f s: %d customers, %d animals, %d appointments, %d invoices (%d credit notes), "
                        "%d payments, %d requests, %d emails.\n\n",
                        static_cast<double>(took.count()) / 1000.0, history.customers + 3, history.animals + 4, history.appointments,
                        history.invoices, history.credit_notes, history.payments, history.requests, history.emails);
        }
        std::printf("Staff sign-in:    /s/demo/admin/login\nCustomer portal:  /s/demo/login\n\n");
        for (const auto& a : accounts) std::printf("  %-20s %-9s %s\n", a.email.c_str(), a.role.c_str(), a.password.c_str());
        std::printf("\ncarol@demo.test is a customer without a portal account.\n");
        return k_ok;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "salonbox: cannot create the demo salon: %s\n", e.what());
        return k_failed;
    }
}

}  // namespace salonbox::cli
