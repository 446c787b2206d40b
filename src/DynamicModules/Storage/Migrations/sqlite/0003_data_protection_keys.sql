-- The ASP.NET Core Data Protection key ring (admin session tokens). Each xml value is sealed with the
-- secret keys, which live outside the database.
CREATE TABLE data_protection_keys (
    id            INTEGER PRIMARY KEY,
    friendly_name TEXT    NOT NULL,
    xml           TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);
