// The data a salon file keeps by triggers (list totals, unpaid invoices and their customers, animals' owner copies,
// customer search): compared with the rows it derives from, and recomputed from them.
#pragma once

#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace salonbox::storage {

// How the kept data of `db` (at the current data version) differs from what its rows give, one line a salon
// owner can read per difference ("the total of active customers says 120, the customers table has 118"), a few
// examples per kind at most. Empty when it is all in step. Reads only, so it runs on a read-only connection.
//
// The search indexes are compared by the customers they hold, not word by word: a customer missing from a
// search, or a deleted one still in it, is found; a changed name whose index entry was left as it was (possible
// only with salonbox's triggers dropped) is not, and rebuild_derived_data() fixes it all the same.
std::vector<std::string> derived_data_differences(SQLite::Database& db);

// Recomputes all of it from the rows (one savepoint: inside the caller's transaction, or a transaction of its own
// when there is none). Touches no row it derives from.
void rebuild_derived_data(SQLite::Database& db);

}  // namespace salonbox::storage
