#include "storage/schema.h"

#include "storage/database.h"
#include "temp_dir.h"

#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

using namespace salonbox::storage;

TEST_CASE("all migrations on an empty database give exactly schema.sql") {
    SQLite::Database from_migrations(":memory:", SQLite::OPEN_READWRITE);
    apply_migrations(from_migrations, schema_version());
    SQLite::Database from_schema(":memory:", SQLite::OPEN_READWRITE);
    from_schema.exec(std::string(current_schema_sql()));
    CHECK(describe_schema(from_migrations) == describe_schema(from_schema));
    CHECK(from_migrations.execAndGet("PRAGMA user_version").getInt() == schema_version());
    CHECK(schema_version() >= 1);
}

TEST_CASE("the schema description notices a difference") {
    SQLite::Database a(":memory:", SQLite::OPEN_READWRITE);
    a.exec(std::string(current_schema_sql()));
    SQLite::Database b(":memory:", SQLite::OPEN_READWRITE);
    b.exec(std::string(current_schema_sql()));
    b.exec("CREATE INDEX extra ON customers(phone)");
    CHECK(describe_schema(a) != describe_schema(b));
}

TEST_CASE("a database from a newer salonbox is refused untouched") {
    TempDir dir;
    auto path = dir.path / "future.db";
    {
        SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("PRAGMA user_version=" + std::to_string(schema_version() + 1));
    }
    Database db(path, false);
    auto c = db.lease();
    CHECK_THROWS_AS(bring_to_current(c.db()), DatabaseTooNew);
    CHECK(c.db().execAndGet("SELECT count(*) FROM sqlite_master").getInt() == 0);
}

TEST_CASE("every connection has the pragmas of DESIGN.md") {
    TempDir dir;
    Database db(dir.path / "x.db", true);
    auto c = db.lease();
    CHECK(c.db().execAndGet("PRAGMA journal_mode").getString() == "wal");
    CHECK(c.db().execAndGet("PRAGMA foreign_keys").getInt() == 1);
    CHECK(c.db().execAndGet("PRAGMA synchronous").getInt() == 1);
    CHECK(c.db().execAndGet("PRAGMA busy_timeout").getInt() > 0);
}

TEST_CASE("a failed write transaction leaves nothing behind") {
    TempDir dir;
    Database db(dir.path / "x.db", true);
    db.write([](WriteTx& c) { c.connection().exec("CREATE TABLE t (v INTEGER)"); });
    CHECK_THROWS(db.write([](WriteTx& c) {
        c.connection().exec("INSERT INTO t VALUES (1)");
        throw std::runtime_error("half-way");
    }));
    CHECK(db.read([](ReadTx& c) { return c.connection().execAndGet("SELECT count(*) FROM t").getInt(); }) == 0);
}
