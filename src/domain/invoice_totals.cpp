#include "domain/invoice_totals.h"

#include <algorithm>

namespace salonbox::domain {

namespace {
std::int64_t tax_of(std::int64_t net, std::int64_t rate_bp) {
    auto scaled = net * rate_bp;
    auto half = scaled >= 0 ? 5000 : -5000;
    return (scaled + half) / 10000;
}
}  // namespace

InvoiceTotals compute_totals(const std::vector<PricedLine>& lines, std::int64_t tip_minor, std::int64_t deposit_minor,
                             std::int64_t paid_minor, std::int64_t credited_minor) {
    InvoiceTotals t;
    std::map<std::int64_t, std::int64_t> net_by_rate;
    for (const auto& l : lines) {
        auto amount = l.quantity * l.unit_price_minor;
        t.net_minor += amount;
        net_by_rate[l.tax_rate_bp] += amount;
    }
    for (const auto& [rate, net] : net_by_rate) {
        if (rate == 0) continue;
        auto tax = tax_of(net, rate);
        t.tax_by_rate_minor[rate] = tax;
        t.tax_minor += tax;
    }
    auto settled = settle_total(t.net_minor + t.tax_minor + tip_minor, tip_minor, deposit_minor, paid_minor, credited_minor);
    settled.net_minor = t.net_minor;
    settled.tax_minor = t.tax_minor;
    settled.tax_by_rate_minor = std::move(t.tax_by_rate_minor);
    return settled;
}

InvoiceTotals settle_total(std::int64_t total_minor, std::int64_t tip_minor, std::int64_t deposit_minor, std::int64_t paid_minor,
                           std::int64_t credited_minor) {
    InvoiceTotals t;
    t.tip_minor = tip_minor;
    t.total_minor = total_minor;
    t.deposit_minor = deposit_minor;
    t.paid_minor = paid_minor;
    t.credited_minor = credited_minor;
    t.due_minor = std::max<std::int64_t>(0, total_minor - deposit_minor - paid_minor - credited_minor);
    return t;
}

}  // namespace salonbox::domain
