-- Connect → Forge migrations of dynamic modules (DESIGN §4.6): one row per Connect module a migration converted,
-- with the Forge module it became and, for a trigger, the endpoint derived for it when the manifest declared none at
-- the webhook's URL. A later application reads these to answer "alreadyConverted" and changes nothing; a manifest
-- upgrade keeps the derived endpoints the migrated triggers deliver to.
CREATE TABLE module_migrations (
    tenant_id        BIGINT  NOT NULL REFERENCES tenants (id),
    installation_id  BIGINT  NOT NULL REFERENCES installations (id),
    old_key          TEXT    NOT NULL,
    old_type         TEXT    NOT NULL,
    new_key          TEXT    NOT NULL,
    new_type         TEXT    NOT NULL,
    derived_endpoint TEXT,
    migrated_at      BIGINT  NOT NULL,
    PRIMARY KEY (installation_id, old_key)
);
CREATE INDEX ix_module_migrations_tenant ON module_migrations (tenant_id);
