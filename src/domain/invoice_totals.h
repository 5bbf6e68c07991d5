// What an invoice adds up to: line amounts, tax per rate, tip, deposit, payments and what is still due.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

namespace salonbox::domain {

struct PricedLine {
    std::int64_t quantity = 1;
    std::int64_t unit_price_minor = 0;  // before tax
    std::int64_t tax_rate_bp = 0;       // basis points: 2000 = 20 %
};

struct InvoiceTotals {
    std::int64_t net_minor = 0;
    std::map<std::int64_t, std::int64_t> tax_by_rate_minor;  // rate (bp) -> tax
    std::int64_t tax_minor = 0;
    std::int64_t tip_minor = 0;
    std::int64_t total_minor = 0;    // net + tax + tip
    std::int64_t deposit_minor = 0;  // paid before the invoice
    std::int64_t paid_minor = 0;     // payments recorded against it
    std::int64_t credited_minor = 0; // what issued credit notes correcting it take off
    std::int64_t due_minor = 0;      // total - deposit - paid - credited, never below zero
    bool paid() const { return due_minor == 0 && total_minor > 0; }
};

// Tax is computed once per rate on the sum of that rate's lines, rounded half away from zero, so an invoice
// of many small lines does not drift by a cent per line.
InvoiceTotals compute_totals(const std::vector<PricedLine>& lines, std::int64_t tip_minor, std::int64_t deposit_minor,
                             std::int64_t paid_minor, std::int64_t credited_minor = 0);
// The same for an issued invoice whose total was frozen when it was issued: total, tip, deposit, payments,
// credit and what is due, without its lines (net and tax stay zero: whoever shows them reads the lines).
InvoiceTotals settle_total(std::int64_t total_minor, std::int64_t tip_minor, std::int64_t deposit_minor, std::int64_t paid_minor,
                           std::int64_t credited_minor);

}  // namespace salonbox::domain
