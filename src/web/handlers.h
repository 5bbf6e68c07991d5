// Declarations of every request handler; each lives in the file named after its screen.
#pragma once

#include "web/context.h"

namespace salonbox::web {

// pages.cpp
void home_page(Context& ctx);
void health(Context& ctx);
// GET /.well-known/acme-challenge/{token}: the key authorization an ACME client (certbot --webroot, uacme)
// left under <data>/acme-challenge, as text/plain; 404 for anything else.
void acme_challenge(Context& ctx);
// Whether `token` is an ACME challenge token (RFC 8555: base64url characters only).
bool is_acme_token(std::string_view token);

// admin/login.cpp
void admin_login_form(Context& ctx);
void admin_login_submit(Context& ctx);
void admin_logout(Context& ctx);
// portal/sign_in.cpp
void portal_login_form(Context& ctx);
void portal_login_submit(Context& ctx);
void portal_logout(Context& ctx);
// password_reset.cpp: forgot-password and reset pages of both faces
void portal_forgot_form(Context& ctx);
void portal_forgot_submit(Context& ctx);
void portal_reset_form(Context& ctx);
void portal_reset_submit(Context& ctx);
void admin_forgot_form(Context& ctx);
void admin_forgot_submit(Context& ctx);
void admin_reset_form(Context& ctx);
void admin_reset_submit(Context& ctx);
// password_change.cpp: a signed-in person's change of password
void portal_password_form(Context& ctx);
void portal_password_submit(Context& ctx);
void admin_password_form(Context& ctx);
void admin_password_submit(Context& ctx);
// portal/code_sign_in.cpp
void portal_code_form(Context& ctx);
void portal_code_request(Context& ctx);
void portal_code_verify(Context& ctx);
void portal_code_resend(Context& ctx);
void portal_choose_form(Context& ctx);
void portal_choose_submit(Context& ctx);
// portal/account.cpp
void portal_overview(Context& ctx);
void portal_animals(Context& ctx);
void portal_appointments(Context& ctx);
void portal_request_form(Context& ctx);
void portal_request_submit(Context& ctx);
void portal_invoices(Context& ctx);
void portal_invoice_pdf(Context& ctx);
void portal_receipts(Context& ctx);
void portal_receipt_pdf(Context& ctx);
// portal/packages.cpp
void portal_packages(Context& ctx);

// portal/booking.cpp
void portal_book_page(Context& ctx);
void portal_book_submit(Context& ctx);
// portal/changes.cpp
void portal_change_cancel(Context& ctx);
void portal_change_reschedule_form(Context& ctx);
void portal_change_reschedule(Context& ctx);
void portal_change_withdraw(Context& ctx);
void portal_proposal_accept(Context& ctx);
void portal_proposal_decline(Context& ctx);

// admin/dashboard.cpp
void admin_dashboard(Context& ctx);
// admin/customers.cpp
void admin_customers(Context& ctx);
void admin_customer_new_form(Context& ctx);
void admin_customer_new_submit(Context& ctx);
void admin_customer_page(Context& ctx);
void admin_customer_edit_form(Context& ctx);
void admin_customer_edit_submit(Context& ctx);
void admin_customer_archive_form(Context& ctx);  // the confirmation step (web/confirmation.h)
void admin_customer_archive(Context& ctx);
void admin_customer_portal_invite(Context& ctx);
void admin_customer_portal_disable_form(Context& ctx);  // the confirmation step (web/confirmation.h)
void admin_customer_portal_disable(Context& ctx);
// admin/portal_announcement.cpp
void admin_portal_announcement_form(Context& ctx);
void admin_portal_announcement_send(Context& ctx);
void admin_customer_portal_announce(Context& ctx);
// admin/customer_account.cpp
void admin_customer_add_credit(Context& ctx);
void admin_customer_sell_package(Context& ctx);
// admin/packages.cpp
void admin_packages(Context& ctx);
void admin_package_new_form(Context& ctx);
void admin_package_new_submit(Context& ctx);
void admin_package_edit_form(Context& ctx);
void admin_package_edit_submit(Context& ctx);
void admin_package_archive(Context& ctx);
// admin/animals.cpp
void admin_animals(Context& ctx);
void admin_animal_new_form(Context& ctx);
void admin_animal_new_submit(Context& ctx);
void admin_animal_edit_form(Context& ctx);
void admin_animal_edit_submit(Context& ctx);
// admin/calendar.cpp
void admin_calendar(Context& ctx);
void admin_appointment_new_form(Context& ctx);
void admin_appointment_new_submit(Context& ctx);
void admin_appointment_edit_form(Context& ctx);
void admin_appointment_edit_submit(Context& ctx);
void admin_appointment_cancel_form(Context& ctx);  // the confirmation step (web/confirmation.h)
void admin_appointment_cancel(Context& ctx);
void admin_appointment_complete(Context& ctx);
void admin_appointment_check_in(Context& ctx);
void admin_appointment_receipt(Context& ctx);  // the receipt PDF the customer downloads, byte for byte
// admin/services.cpp
void admin_services(Context& ctx);
void admin_service_new_form(Context& ctx);
void admin_service_new_submit(Context& ctx);
void admin_service_edit_form(Context& ctx);
void admin_service_edit_submit(Context& ctx);
// admin/staff.cpp
void admin_staff(Context& ctx);
void admin_staff_new_form(Context& ctx);
void admin_staff_new_submit(Context& ctx);
void admin_staff_edit_form(Context& ctx);
void admin_staff_edit_submit(Context& ctx);
// admin/requests.cpp
void admin_requests(Context& ctx);
void admin_request_approve(Context& ctx);
void admin_request_decline_form(Context& ctx);  // the confirmation step (web/confirmation.h)
void admin_request_decline(Context& ctx);
void admin_request_reschedule_form(Context& ctx);
void admin_request_reschedule(Context& ctx);
// admin/changes.cpp
void admin_change_approve(Context& ctx);
void admin_change_decline_form(Context& ctx);  // the confirmation step (web/confirmation.h)
void admin_change_decline(Context& ctx);
void admin_change_reschedule(Context& ctx);
// admin/notifications.cpp
void admin_notifications(Context& ctx);
void admin_notifications_count(Context& ctx);
void admin_notifications_read(Context& ctx);
// admin/invoices.cpp
void admin_invoices(Context& ctx);
void admin_invoice_new_form(Context& ctx);
void admin_invoice_new_submit(Context& ctx);
void admin_invoice_page(Context& ctx);
void admin_invoice_edit(Context& ctx);
void admin_invoice_add_line(Context& ctx);
void admin_invoice_delete_line_form(Context& ctx);  // the confirmation step (web/confirmation.h)
void admin_invoice_delete_line(Context& ctx);
void admin_invoice_issue_form(Context& ctx);  // the confirmation step (web/confirmation.h)
void admin_invoice_issue(Context& ctx);
void admin_invoice_add_payment(Context& ctx);
void admin_invoice_credit_note(Context& ctx);
void admin_invoice_pdf(Context& ctx);
// admin/settings.cpp
void admin_settings_form(Context& ctx);
void admin_settings_submit(Context& ctx);
// admin/booking_settings.cpp
void admin_hours_form(Context& ctx);
void admin_hours_submit(Context& ctx);
void admin_closure_add(Context& ctx);
void admin_closure_delete(Context& ctx);
void admin_booking_settings_form(Context& ctx);
void admin_booking_settings_submit(Context& ctx);
void admin_staff_booking_form(Context& ctx);
void admin_staff_booking_submit(Context& ctx);
// admin/email_log.cpp
void admin_email_log(Context& ctx);
// admin/export.cpp
void admin_export_page(Context& ctx);
void admin_export_download(Context& ctx);

}  // namespace salonbox::web
