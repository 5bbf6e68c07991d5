// Dates in the salon's time zone and money in its currency, written the way each language writes them.
#pragma once

#include "domain/appointment_rules.h"
#include "domain/clock.h"
#include "domain/time_zone.h"
#include "view/i18n.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace salonbox::view {

// "€1,234.50" in English, "1 234,50 €" in French (narrow no-break spaces), for any ISO 4217 code salonbox
// knows; other codes are written before the amount ("CHF 12.00").
std::string format_money(std::int64_t minor, std::string_view currency, std::string_view locale);
// "20 %" / "20 %" (French puts a narrow no-break space before the sign); basis points in.
std::string format_percent(std::int64_t basis_points, std::string_view locale);

// The decimal mark people of `locale` type, for a form field showing an amount back (the parsers take either).
char decimal_mark(std::string_view locale);

class DateFormatter {
public:
    DateFormatter(const Catalogs& catalogs, std::string_view locale, std::string time_zone);

    std::string long_date(domain::Instant t) const;   // "Saturday 21 November 2026" / "samedi 21 novembre 2026"
    std::string medium_date(domain::Instant t) const; // "1 November 2026" / "1er novembre 2026"
    std::string short_date(domain::Instant t) const;  // "21 Nov 2026" / "21 nov. 2026"
    std::string medium_day(const domain::Day& day) const;  // a calendar day (no zone involved) as medium_date
    std::string time(domain::Instant t) const;        // "14:05"
    std::string date_time(domain::Instant t) const;   // "Saturday 21 November 2026, 14:05"
    std::string input_value(domain::Instant t) const; // "2026-11-21T14:05", for datetime-local fields

private:
    std::string dated(const domain::LocalDateTime& l, const std::string& pattern, const std::string* months) const;

    const DateWords& words_;
    std::string time_zone_;
};

}  // namespace salonbox::view
