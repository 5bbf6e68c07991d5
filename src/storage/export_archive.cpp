#include "storage/export_archive.h"

#include "domain/csv.h"
#include "domain/money_input.h"
#include "domain/salon_settings.h"
#include "domain/time_zone.h"
#include "storage/salon_store.h"
#include "storage/statement.h"

#include <zip.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <vector>

namespace salonbox::storage {

namespace {
struct Table {
    const char* file;
    const char* sql;
    std::set<int> money;    // columns in minor units, written with the currency's decimals
    std::set<int> instant;  // columns in Unix seconds, written as salon-local "YYYY-MM-DD HH:MM"
};

const std::vector<Table>& tables() {
    static const std::vector<Table> all{
        {"customers.csv",
         "SELECT id, first_name, last_name, coalesce(email, '') AS email, phone, address, locale AS language, notes, "
         "created_at, archived_at FROM customers ORDER BY id", {}, {8, 9}},
        {"animals.csv",
         "SELECT a.id, a.customer_id, a.name, s.code AS species, coalesce(b.code, '') AS breed, a.breed_detail, "
         "coalesce(a.birth_date, '') AS birth_date, a.notes, a.archived_at FROM animals a JOIN species s ON s.id = a.species_id "
         "LEFT JOIN breeds b ON b.id = a.breed_id ORDER BY a.id", {}, {8}},
        {"appointments.csv",
         "SELECT p.id, p.customer_id, p.animal_id, coalesce(s.name, '') AS service, coalesce(u.display_name, '') AS staff, "
         "p.starts_at, p.ends_at, p.status, p.comments, p.internal_notes FROM appointments p "
         "LEFT JOIN services s ON s.id = p.service_id LEFT JOIN users u ON u.id = p.staff_user_id ORDER BY p.starts_at, p.id", {}, {5, 6}},
        {"services.csv",
         "SELECT id, name, duration_minutes, price_minor AS price, tax_rate_bp / 100.0 AS tax_rate_percent, active "
         "FROM services ORDER BY id", {3}, {}},
        {"service_names.csv",
         "SELECT service_id, lang AS language, name FROM service_names ORDER BY service_id, lang", {}, {}},
        {"invoices.csv",
         "SELECT i.id, coalesce(i.number, '') AS number, i.status, i.customer_id, coalesce(i.appointment_id, '') AS appointment_id, "
         "coalesce(i.credit_note_for, '') AS credit_note_for, i.currency, i.tip_minor AS tip, i.deposit_minor AS deposit, "
         "i.issued_at, i.created_at FROM invoices i ORDER BY i.id", {7, 8}, {9, 10}},
        {"invoice_lines.csv",
         "SELECT l.id, l.invoice_id, l.position, l.description, l.quantity, l.unit_price_minor AS unit_price, "
         "l.tax_rate_bp / 100.0 AS tax_rate_percent, l.quantity * l.unit_price_minor AS amount FROM invoice_lines l "
         "ORDER BY l.invoice_id, l.position", {5, 7}, {}},
        {"payments.csv",
         "SELECT id, invoice_id, amount_minor AS amount, method, paid_at, note FROM payments ORDER BY id", {2}, {4}},
        {"requests.csv",
         "SELECT r.id, r.customer_id, r.animal_id, r.starts_at, r.ends_at, r.status, r.comments, r.decision_message, "
         "coalesce(u.display_name, '') AS decided_by, r.decided_at, coalesce(r.appointment_id, '') AS appointment_id, r.created_at "
         "FROM appointment_requests r LEFT JOIN users u ON u.id = r.decided_by ORDER BY r.id", {}, {3, 4, 9, 11}},
        {"package_types.csv",
         "SELECT t.id, t.name, t.sessions, t.price_minor AS price, t.tax_rate_bp / 100.0 AS tax_rate_percent, t.validity_days, "
         "coalesce((SELECT group_concat(s.name, '; ') FROM package_type_services ts JOIN services s ON s.id = ts.service_id "
         "WHERE ts.package_type_id = t.id), '') AS services, t.archived_at, t.created_at FROM package_types t ORDER BY t.id", {3}, {7, 8}},
        {"package_sales.csv",
         "SELECT p.id, p.customer_id, p.package_type_id, p.name, p.sessions, p.price_minor AS price, p.expires_on, "
         "coalesce(p.invoice_id, '') AS invoice_id, coalesce(u.display_name, '') AS sold_by, p.sold_at FROM package_sales p "
         "LEFT JOIN users u ON u.id = p.sold_by ORDER BY p.id", {5}, {9}},
        {"package_redemptions.csv",
         "SELECT r.id, r.package_sale_id, coalesce(r.appointment_id, '') AS appointment_id, coalesce(r.animal_id, '') AS animal_id, "
         "r.used_at, coalesce(u.display_name, '') AS recorded_by FROM package_redemptions r LEFT JOIN users u ON u.id = r.recorded_by "
         "ORDER BY r.id", {}, {4}},
        {"credit_ledger.csv",
         "SELECT e.id, e.customer_id, e.amount_minor AS amount, e.kind, e.note, coalesce(e.invoice_id, '') AS invoice_id, "
         "coalesce(e.payment_id, '') AS payment_id, coalesce(u.display_name, '') AS recorded_by, e.created_at FROM credit_entries e "
         "LEFT JOIN users u ON u.id = e.recorded_by ORDER BY e.id", {2}, {8}},
        {"change_requests.csv",
         "SELECT r.id, r.appointment_id, r.kind, r.asked_starts_at, r.asked_ends_at, coalesce(s.display_name, '') AS asked_staff, r.reason, "
         "r.status, r.late, r.fee_minor AS fee, r.previous_starts_at, "
         "CASE WHEN r.decided_automatically = 1 THEN 'automatic approval' ELSE coalesce(u.display_name, u.email, '') END AS decided_by, "
         "r.decided_at, r.decision_message, r.created_at FROM change_requests r LEFT JOIN users u ON u.id = r.decided_by "
         "LEFT JOIN users s ON s.id = r.asked_staff_user_id ORDER BY r.id", {9}, {3, 4, 10, 12, 14}},
        {"booking_policy.csv",
         "SELECT coalesce(b.min_notice_minutes, 120) AS min_notice_minutes, coalesce(b.horizon_days, 60) AS horizon_days, "
         "coalesce(b.slot_step_minutes, 15) AS slot_step_minutes, coalesce(b.online_booking, 'off') AS online_booking, "
         "coalesce(b.requests_outside_slots, 1) AS requests_outside_slots, coalesce(c.cancel_cutoff_hours, 24) AS cancel_cutoff_hours, "
         "coalesce(c.reschedule_cutoff_hours, 24) AS reschedule_cutoff_hours, coalesce(c.late_cancel_fee_minor, 0) AS late_cancel_fee, "
         "coalesce(c.auto_approve_changes, 0) AS auto_approve_changes "
         "FROM (SELECT 1 AS id) one LEFT JOIN booking_policy b ON b.id = one.id LEFT JOIN change_policy c ON c.id = one.id", {7}, {}},
    };
    return all;
}

std::string local_text(long long unix_seconds, const std::string& zone) {
    auto l = domain::to_local(domain::from_unix(unix_seconds), zone);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02u:%02u", l.year, l.month, l.day, l.hour, l.minute);
    return buf;
}

std::string readme(const domain::SalonSettings& s) {
    return "salonbox export of " + s.name + "\r\n\r\n"
           "One CSV file per table, UTF-8 (with a byte-order mark), comma-separated, first row = column names.\r\n"
           "Dates and times are in the salon's time zone (" + s.time_zone + ").\r\n"
           "Amounts are in " + s.currency + " with a dot as decimal separator; tax rates are percentages.\r\n"
           "Ids link the files: animals.customer_id = customers.id, appointments.animal_id = animals.id,\r\n"
           "invoice_lines.invoice_id = invoices.id, payments.invoice_id = invoices.id, and so on.\r\n"
           "Invoices with status 'draft' have no number yet; credit_note_for names the invoice a credit note corrects.\r\n"
           "Text that starts like a spreadsheet formula is written with a leading apostrophe.\r\n"
           "appointments.csv includes the team's internal notes: keep this file private.\r\n"
           "service_names.csv holds each service's name in the customers' other languages (services.csv has the\r\n"
           "salon's own).\r\n"
           "credit_ledger.csv is each customer's account credit: the balance is the sum of their amounts (+ held for\r\n"
           "the customer, - used or refunded). package_redemptions.csv has one row per session used from a package.\r\n";
}

struct ZipDiscarder {
    void operator()(zip_t* z) const { zip_discard(z); }
};

// One table's CSV, made as libzip reads it (a zip_source_function): a row is read and formatted only when
// the block libzip asks for is not full yet, so one row at most waits in memory beyond that block.
class CsvSource {
public:
    CsvSource(ReadTx& tx, const Table& table, const domain::SalonSettings& salon)
        : tx_(tx), table_(table), salon_(salon), digits_(domain::currency_minor_digits(salon.currency)) {
        zip_error_init(&error_);
    }
    ~CsvSource() { zip_error_fini(&error_); }

    // What went wrong inside a callback (exceptions never cross libzip's C frames), or "".
    const std::string& failure() const { return failure_; }

    static zip_int64_t callback(void* self, void* data, zip_uint64_t length, zip_source_cmd_t command) {
        return static_cast<CsvSource*>(self)->handle(data, length, command);
    }

private:
    zip_int64_t handle(void* data, zip_uint64_t length, zip_source_cmd_t command) {
        try {
            switch (command) {
                case ZIP_SOURCE_OPEN:
                    statement_.reset();
                    statement_.emplace(tx_.prepare(table_.sql));
                    rows_done_ = false;
                    pending_ = "\xEF\xBB\xBF";
                    append_header();
                    sent_ = 0;
                    return 0;
                case ZIP_SOURCE_READ: return read(static_cast<char*>(data), length);
                case ZIP_SOURCE_CLOSE: statement_.reset(); return 0;
                case ZIP_SOURCE_STAT: {
                    // The size is known only at the end: libzip then writes the entry with a ZIP64 header.
                    auto* st = static_cast<zip_stat_t*>(data);
                    zip_stat_init(st);
                    st->mtime = std::time(nullptr);
                    st->valid |= ZIP_STAT_MTIME;
                    return sizeof(zip_stat_t);
                }
                case ZIP_SOURCE_ERROR: return zip_error_to_data(&error_, data, length);
                case ZIP_SOURCE_FREE: return 0;  // owned by write_export_zip
                case ZIP_SOURCE_SUPPORTS:
                    return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                                          ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
                default: zip_error_set(&error_, ZIP_ER_OPNOTSUPP, 0); return -1;
            }
        } catch (const std::exception& e) {
            failure_ = std::string(table_.file) + ": " + e.what();
            zip_error_set(&error_, ZIP_ER_READ, 0);
            return -1;
        }
    }

    zip_int64_t read(char* out, zip_uint64_t length) {
        zip_uint64_t filled = 0;
        while (filled < length) {
            if (sent_ == pending_.size()) {
                pending_.clear();
                sent_ = 0;
                if (!append_row()) break;
            }
            const auto n = std::min<zip_uint64_t>(length - filled, pending_.size() - sent_);
            std::memcpy(out + filled, pending_.data() + sent_, n);
            filled += n;
            sent_ += n;
        }
        return static_cast<zip_int64_t>(filled);
    }

    void append_header() {
        std::vector<std::string> header;
        for (int c = 0; c < statement_->getColumnCount(); ++c) header.emplace_back(statement_->getColumnName(c));
        domain::append_csv_row(pending_, header);
    }

    bool append_row() {
        // libzip reads again after a short read: a finished statement must not be stepped again.
        if (rows_done_ || !statement_->executeStep()) {
            rows_done_ = true;
            return false;
        }
        row_.clear();
        for (int c = 0; c < statement_->getColumnCount(); ++c) {
            auto col = statement_->getColumn(c);
            if (col.isNull()) row_.emplace_back();
            else if (table_.money.contains(c)) row_.push_back(domain::decimal_text(col.getInt64(), digits_));
            else if (table_.instant.contains(c)) row_.push_back(local_text(col.getInt64(), salon_.time_zone));
            else row_.push_back(col.getString());
        }
        domain::append_csv_row(pending_, row_);
        return true;
    }

    ReadTx& tx_;
    const Table& table_;
    const domain::SalonSettings& salon_;
    const int digits_;
    std::optional<Statement> statement_;
    bool rows_done_ = false;
    std::string pending_;  // formatted text not handed to libzip yet, from sent_ on
    std::size_t sent_ = 0;
    std::vector<std::string> row_;
    zip_error_t error_;
    std::string failure_;
};
}  // namespace

void write_export_zip(ReadTx& tx, const std::filesystem::path& out) {
    const auto salon = salon_store::load(tx);
    const auto about = readme(salon);
    std::vector<std::unique_ptr<CsvSource>> sources;  // outlive the archive, whose zip_close reads them
    int error = 0;
    const auto out_name = out.u8string();  // libzip takes UTF-8 names on Windows too (a path there is wide)
    std::unique_ptr<zip_t, ZipDiscarder> archive(zip_open(reinterpret_cast<const char*>(out_name.c_str()), ZIP_CREATE | ZIP_TRUNCATE, &error));
    if (!archive) throw std::runtime_error("export: cannot create " + out.string());
    auto add = [&](const char* name, zip_source_t* source) {
        if (!source || zip_file_add(archive.get(), name, source, ZIP_FL_ENC_UTF_8) < 0) {
            if (source) zip_source_free(source);
            throw std::runtime_error(std::string("export: cannot add ") + name);
        }
    };
    add("README.txt", zip_source_buffer(archive.get(), about.data(), about.size(), 0));
    for (const auto& t : tables()) {
        sources.push_back(std::make_unique<CsvSource>(tx, t, salon));
        add(t.file, zip_source_function(archive.get(), &CsvSource::callback, sources.back().get()));
    }
    // libzip writes a temporary file beside `out` and renames it over `out` only when whole; on failure
    // zip_discard (the archive's deleter) removes it.
    if (zip_close(archive.get()) != 0) {
        for (const auto& s : sources)
            if (!s->failure().empty()) throw std::runtime_error("export: " + s->failure());
        throw std::runtime_error(std::string("export: cannot write the archive: ") + zip_strerror(archive.get()));
    }
    archive.release();
}

std::filesystem::path export_scratch_dir(const std::filesystem::path& data_dir) {
    auto dir = data_dir / "tmp";
    create_private_directories(dir);
    return dir;
}

void empty_export_scratch_dir(const std::filesystem::path& data_dir) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(data_dir / "tmp", ec)) std::filesystem::remove_all(entry.path(), ec);
}

}  // namespace salonbox::storage
