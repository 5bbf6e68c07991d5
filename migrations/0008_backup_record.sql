-- salonbox salon database: the record of backups. `salonbox backup` adds a row once a copy of this
-- salon was written and verified, so that the admin dashboard can tell when the last one was taken.
CREATE TABLE backups (
  id INTEGER PRIMARY KEY,
  taken_at INTEGER NOT NULL,
  file TEXT NOT NULL,
  bytes INTEGER NOT NULL
);
CREATE INDEX backups_by_time ON backups(taken_at);
