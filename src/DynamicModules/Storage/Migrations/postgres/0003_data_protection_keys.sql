-- The ASP.NET Core Data Protection key ring (admin session tokens), shared by every node. Each xml value
-- is sealed with the secret keys (DynamicModules:SecretKeys), which live outside the database.
CREATE TABLE data_protection_keys (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name TEXT    NOT NULL,
    xml           TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL
);
