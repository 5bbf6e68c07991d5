// The salon owner's export: one ZIP with a CSV file per table they care about, and a README.
#pragma once

#include "storage/database.h"

#include <string>

namespace salonbox::storage {

// Reads everything in `tx` (one consistent snapshot, even while the salon works) and returns the ZIP bytes: customers, animals, appointments, invoices, invoice_lines, payments, requests,
// package types, package sales, package redemptions and the credit ledger as UTF-8 CSV
// (with a byte-order mark, so spreadsheet programs pick UTF-8), money in the salon's currency with its
// decimals, times in the salon's time zone. Throws std::runtime_error when the archive cannot be built.
std::string build_export_zip(ReadTx& tx);

}  // namespace salonbox::storage
