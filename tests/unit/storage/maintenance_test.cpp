#include "storage/maintenance.h"

#include "fixture.h"
#include "storage/customer_store.h"
#include "storage/salon_store.h"
#include "storage/schema.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <limits>
#include <thread>

using namespace salonbox::storage;

namespace {
int customers(Database& db) { return db.read([](ReadTx& c) { return c.connection().execAndGet("SELECT count(*) FROM customers").getInt(); }); }
void add_customer(Database& db) {
    db.write([](WriteTx& c) { customer_store::insert(c, {0, "A", "B", "", "", "", "en", "", false}); });
}
}  // namespace

TEST_CASE("a backup taken while writers run is one consistent, checkable file") {
    SalonFixture f;
    std::atomic<bool> stop{false};
    std::thread writer([&] {
        while (!stop) add_customer(*f.db);
    });
    auto out = f.dir.path / "backup.db";
    backup_salon(*f.db, out);
    stop = true;
    writer.join();
    CHECK(check_database(out).problems.empty());
    SQLite::Database copy(out, SQLite::OPEN_READONLY);
    CHECK(copy.execAndGet("PRAGMA user_version").getInt() == schema_version());
    CHECK(copy.execAndGet("SELECT count(*) FROM salon").getInt() == 1);
}

TEST_CASE("restore brings back the backed-up content and keeps the replaced file") {
    SalonFixture f;
    add_customer(*f.db);
    auto out = f.dir.path / "backup.db";
    backup_salon(*f.db, out);
    add_customer(*f.db);
    add_customer(*f.db);
    CHECK(customers(*f.db) == 3);
    f.db.reset();  // the file is replaced: nobody may keep a connection to the old one
    restore_salon(f.registry, "demo", out);
    auto restored = f.registry.open("demo");
    REQUIRE(restored);
    CHECK(customers(*restored) == 1);
    Database before(f.registry.salon_path("demo").string() + ".before-restore", false);
    CHECK(customers(before) == 3);
    CHECK(check_database(f.registry.salon_path("demo")).verdict == DatabaseCheck::Verdict::sound);
}

TEST_CASE("restore refuses while this program still holds the salon open") {
    SalonFixture f;
    auto out = f.dir.path / "backup.db";
    backup_salon(*f.db, out);
    add_customer(*f.db);
    CHECK_THROWS_AS(restore_salon(f.registry, "demo", out), RestoreRefused);
    CHECK(customers(*f.db) == 1);
}

TEST_CASE("restore into a new slug renames the salon") {
    SalonFixture f;
    auto out = f.dir.path / "backup.db";
    backup_salon(*f.db, out);
    restore_salon(f.registry, "copy", out);
    auto copy = f.registry.open("copy");
    REQUIRE(copy);
    CHECK(copy->read([](ReadTx& c) { return salon_store::load(c).slug; }) == "copy");
}

TEST_CASE("restore refuses damaged, foreign, tampered and newer files, and changes nothing") {
    SalonFixture f;
    add_customer(*f.db);
    f.db.reset();
    f.registry.release("demo");  // closed, so the salon is its one file
    auto live = f.registry.salon_path("demo");
    auto refused = [&](const std::filesystem::path& file, const std::string& slug = "demo") {
        auto size = std::filesystem::file_size(live);
        CHECK_THROWS_AS(restore_salon(f.registry, slug, file), RestoreRefused);
        CHECK(std::filesystem::file_size(live) == size);
        std::vector<std::string> left;
        for (const auto& entry : std::filesystem::directory_iterator(live.parent_path())) left.push_back(entry.path().filename());
        INFO(slug << " " << file);
        CHECK(left == std::vector<std::string>{"demo.db"});
        CHECK(customers(*f.registry.open("demo")) == 1);
        f.registry.release("demo");
    };
    auto edited_backup = [&](const std::string& name, const std::string& sql) {
        auto file = f.dir.path / name;
        backup_salon(*f.registry.open("demo"), file);
        f.registry.release("demo");
        SQLite::Database db(file, SQLite::OPEN_READWRITE);
        db.exec("PRAGMA foreign_keys=OFF");
        db.exec(sql);
        return file;
    };

    auto junk = f.dir.path / "junk.db";
    std::ofstream(junk) << "this is not a database";
    refused(junk);

    auto foreign = f.dir.path / "foreign.db";
    {
        SQLite::Database db(foreign, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("CREATE TABLE salon (id INTEGER PRIMARY KEY, slug TEXT)");
        db.exec("INSERT INTO salon VALUES (1, 'x')");
        db.exec("PRAGMA user_version=1");
    }
    refused(foreign);

    refused(edited_backup("dropped.db", "DROP TABLE audit_log"));
    refused(edited_backup("dangling.db", "INSERT INTO notifications (user_id, kind, message, created_at) VALUES (4242, 'x', 'y', 0)"));
    refused(edited_backup("trigger.db", "CREATE TRIGGER t AFTER INSERT ON sessions BEGIN DELETE FROM customers; END"));
    refused(edited_backup("zone.db", "UPDATE salon SET time_zone = 'Mars/Olympus'"));
    refused(edited_backup("newer.db", "PRAGMA user_version=" + std::to_string(schema_version() + 1)));
    refused(edited_backup("sound.db", "SELECT 1"), "../escape");
    CHECK_FALSE(std::filesystem::exists(f.dir.path / "escape.db"));
}

TEST_CASE("check reports a schema or data version that is not this salonbox's") {
    SalonFixture f;
    auto live = f.registry.salon_path("demo");
    f.db.reset();
    f.registry.release("demo");
    CHECK(check_database(live).verdict == DatabaseCheck::Verdict::sound);
    {
        SQLite::Database db(live, SQLite::OPEN_READWRITE);
        db.exec("CREATE INDEX extra ON customers(last_name)");
    }
    auto result = check_database(live);
    CHECK(result.verdict == DatabaseCheck::Verdict::damaged);
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].find("extra") != std::string::npos);
    {
        SQLite::Database db(live, SQLite::OPEN_READWRITE);
        db.exec("DROP INDEX extra");
        db.exec("PRAGMA user_version=" + std::to_string(schema_version() + 1));
    }
    result = check_database(live);
    CHECK(result.verdict == DatabaseCheck::Verdict::newer_salonbox);
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].find("newer salonbox") != std::string::npos);
}

TEST_CASE("check tells another program's file from a damaged salon") {
    TempDir dir;
    const auto notes = dir.path / "notes.db";
    {
        SQLite::Database db(notes, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("CREATE TABLE notes(text TEXT)");
    }
    CHECK(check_database(notes).verdict == DatabaseCheck::Verdict::not_salonbox);
    const auto sheet = dir.path / "sheet.db";
    {
        std::ofstream out(sheet, std::ios::binary);
        for (int i = 0; i < 50; ++i) out << "a spreadsheet saved under the wrong name ";
    }
    auto result = check_database(sheet);
    CHECK(result.verdict == DatabaseCheck::Verdict::not_salonbox);
    CHECK_FALSE(result.problems.empty());
}

TEST_CASE("scheduled backups are named after their UTC time, so names sort by time") {
    using namespace std::chrono;
    const auto taken = sys_days{2026y / December / 1} + 9h + 5min + 7s;
    CHECK(timestamped_backup_name("demo", taken) == "demo-20261201T090507Z.db");
    CHECK(timestamped_backup_name("demo", taken - days{400}) < timestamped_backup_name("demo", taken));
    CHECK(timestamped_backup_name("demo", taken) < timestamped_backup_name("demo", taken + 1s));
}

TEST_CASE("pruning keeps the newest backups of one salon and touches nothing else") {
    TempDir dir;
    auto touch = [&](const std::string& name) { std::ofstream(dir.path / name) << "x"; };
    for (const char* name : {"demo-20240101T000000Z.db", "demo-20260101T000000Z.db", "demo-20250101T000000Z.db",
                             "demo-b-20200101T000000Z.db", "demo.db", "demo-20200101T000000Z.db.partial", "demo-latest.db"})
        touch(name);
    auto removed = prune_backups(dir.path, "demo", 2);
    REQUIRE(removed.size() == 1);
    CHECK(removed[0].filename() == "demo-20240101T000000Z.db");
    std::vector<std::string> left;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path)) left.push_back(entry.path().filename());
    std::sort(left.begin(), left.end());
    CHECK(left == std::vector<std::string>{"demo-20200101T000000Z.db.partial", "demo-20250101T000000Z.db", "demo-20260101T000000Z.db",
                                           "demo-b-20200101T000000Z.db", "demo-latest.db", "demo.db"});
    CHECK(prune_backups(dir.path, "demo", 2).empty());
    CHECK(timestamped_backups(dir.path, "demo-b").size() == 1);
    CHECK_THROWS(prune_backups(dir.path, "demo", 0));
}

TEST_CASE("what a backup cut short left behind is removed once it is old, and nothing else") {
    TempDir dir;
    const auto two_hours_ago = std::filesystem::file_time_type::clock::now() - std::chrono::hours(2);
    auto touch = [&](const std::string& name, bool old) {
        std::ofstream(dir.path / name) << "x";
        if (old) std::filesystem::last_write_time(dir.path / name, two_hours_ago);
    };
    touch("demo-20200101T000000Z.db.partial", true);
    touch("demo-20200101T000000Z.db.partial-journal", true);
    touch("demo-20261201T000000Z.db.partial", false);   // a backup running now
    touch("demo-b-20200101T000000Z.db.partial", true);  // another salon's
    touch("demo-20190101T000000Z.db", true);            // a backup
    touch("notes.partial", true);
    auto removed = remove_abandoned_backups(dir.path, "demo");
    REQUIRE(removed.size() == 2);
    CHECK(removed[0].filename() == "demo-20200101T000000Z.db.partial");
    CHECK(removed[1].filename() == "demo-20200101T000000Z.db.partial-journal");
    std::vector<std::string> left;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path)) left.push_back(entry.path().filename());
    std::sort(left.begin(), left.end());
    CHECK(left == std::vector<std::string>{"demo-20190101T000000Z.db", "demo-20261201T000000Z.db.partial",
                                           "demo-b-20200101T000000Z.db.partial", "notes.partial"});
}

TEST_CASE("a backup of a damaged salon fails and leaves no file behind") {
    SalonFixture f;
    add_customer(*f.db);
    add_customer(*f.db);
    f.db.reset();
    f.registry.release("demo");
    {
        // The index now claims to sort by another column than the one its entries hold: SQLite's integrity
        // check finds entries missing, while the salon still opens.
        SQLite::Database db(f.registry.salon_path("demo"), SQLite::OPEN_READWRITE);
        db.exec("CREATE INDEX damaged ON customers(last_name)");
        db.exec("PRAGMA writable_schema=ON");
        db.exec("UPDATE sqlite_schema SET sql = 'CREATE INDEX damaged ON customers(first_name)' WHERE name = 'damaged'");
    }
    auto out = f.dir.path / "backup.db";
    CHECK_THROWS_WITH(backup_salon(*f.registry.open("demo"), out), doctest::Contains("integrity check"));
    for (const char* name : {"backup.db", "backup.db.partial", "backup.db.partial-journal"}) {
        INFO(name);
        CHECK_FALSE(std::filesystem::exists(f.dir.path / name));
    }
}

TEST_CASE("a salon's disk with room has no free-space problem; a full disk is one") {
    SalonFixture f;
    CHECK(free_space_problem(f.db->path(), 0) == "");
    CHECK(free_space_problem(f.db->path(), std::numeric_limits<std::uintmax_t>::max()).find("nearly full") != std::string::npos);
}

TEST_CASE("the write probe answers at once: writable, or busy while another connection writes") {
    SalonFixture f;
    CHECK(probe_write(*f.db).outcome == WriteProbe::Outcome::writable);
    {
        SQLite::Database writer(f.registry.salon_path("demo"), SQLite::OPEN_READWRITE);
        writer.exec("BEGIN IMMEDIATE");
        CHECK(probe_write(*f.db).outcome == WriteProbe::Outcome::busy);  // no busy timeout: it would wait 5 s
        writer.exec("ROLLBACK");
    }
    CHECK(probe_write(*f.db).outcome == WriteProbe::Outcome::writable);
    // The probe's connection goes back to the pool with the usual busy timeout: later writes still queue.
    f.db->write([](WriteTx& tx) { CHECK(tx.connection().execAndGet("PRAGMA busy_timeout").getInt() == 5000); });
    CHECK(f.db->read([](ReadTx& tx) { return tx.connection().execAndGet("SELECT name FROM salon").getString(); }) == "Happy Paws");
}
