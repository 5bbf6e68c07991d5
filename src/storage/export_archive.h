// The salon owner's export: one ZIP with a CSV file per table they care about, and a README.
#pragma once

#include "storage/database.h"

#include <filesystem>

namespace salonbox::storage {

// Writes the export ZIP to `out`, replacing it: README.txt and customers, animals, appointments, services and
// their names in other languages, invoices, invoice_lines, payments, requests, package types, package sales, package redemptions, the credit ledger,
// change requests and the booking policy as UTF-8 CSV (with a byte-order mark, so spreadsheet programs pick
// UTF-8), money in the salon's currency with its decimals, times in the salon's time zone. Everything comes
// from `tx` (one consistent snapshot, even while the salon works). Rows are read, formatted and compressed
// as the archive is written, so memory stays flat whatever the salon's size.
//
// libzip writes a temporary file beside `out` (with the process's umask: the caller keeps it private) and
// renames it over `out` once whole; on failure nothing is left and std::runtime_error is thrown.
void write_export_zip(ReadTx& tx, const std::filesystem::path& out);

// <data>/tmp: private (0700) scratch space where the server writes exports before sending them, created when
// missing. A finished export is unlinked as soon as it is open for sending, so what is found there at start
// was cut short by a crash: empty_export_scratch_dir() removes it.
std::filesystem::path export_scratch_dir(const std::filesystem::path& data_dir);
void empty_export_scratch_dir(const std::filesystem::path& data_dir);

}  // namespace salonbox::storage
