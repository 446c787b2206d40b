-- Timestamps are Unix milliseconds (UTC) on both engines: identical SQL, ordering and comparison.
-- JSON documents are TEXT on both engines: we never query into them, we only store and return them.
CREATE TABLE tenants (
    id                  INTEGER PRIMARY KEY,
    tenant_key          TEXT    NOT NULL UNIQUE,
    client_key          TEXT    NOT NULL UNIQUE,
    product_type        TEXT    NOT NULL,
    display_name        TEXT    NOT NULL,
    per_app_limit       INTEGER NOT NULL,
    tenant_limit        INTEGER NULL,
    registration_policy TEXT    NOT NULL,
    allow_as_app        INTEGER NOT NULL,
    module_version      INTEGER NOT NULL DEFAULT 0,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);

CREATE TABLE apps (
    id         INTEGER PRIMARY KEY,
    app_key    TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE TABLE installations (
    id                 INTEGER PRIMARY KEY,
    tenant_id          INTEGER NOT NULL REFERENCES tenants (id),
    app_id             INTEGER NOT NULL REFERENCES apps (id),
    state              TEXT    NOT NULL,
    shared_secret      TEXT    NOT NULL,
    signing_secret     TEXT    NOT NULL,
    quota_limit        INTEGER NULL,
    descriptor_version INTEGER NOT NULL,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    UNIQUE (tenant_id, app_id)
);

CREATE TABLE descriptor_versions (
    installation_id INTEGER NOT NULL REFERENCES installations (id),
    version         INTEGER NOT NULL,
    descriptor      TEXT    NOT NULL,
    translations    TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (installation_id, version)
);

CREATE TABLE dynamic_modules (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id),
    installation_id INTEGER NOT NULL REFERENCES installations (id),
    module_key      TEXT    NOT NULL,
    module_type     TEXT    NOT NULL,
    dialect         TEXT    NOT NULL,
    definition      TEXT    NOT NULL,
    created_by      TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (installation_id, module_key)
);
CREATE INDEX ix_dynamic_modules_tenant ON dynamic_modules (tenant_id, module_type);

CREATE TABLE tenant_users (
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    account_id TEXT    NOT NULL,
    roles      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, account_id)
);

CREATE TABLE audit_records (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    app_key     TEXT    NULL,
    actor       TEXT    NOT NULL,
    operation   TEXT    NOT NULL,
    module_keys TEXT    NOT NULL,
    details     TEXT    NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX ix_audit_records_tenant ON audit_records (tenant_id, id);

CREATE TABLE module_changes (
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    version     INTEGER NOT NULL,
    app_key     TEXT    NOT NULL,
    operation   TEXT    NOT NULL,
    module_keys TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, version)
);
