-- The operator's override of a module's visibility (DESIGN §4.8), by module key: static modules have no row of
-- their own, and a dynamic module registered again under the same key is covered again.
CREATE TABLE module_visibility_overrides (
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id),
    installation_id INTEGER NOT NULL REFERENCES installations (id),
    module_key      TEXT    NOT NULL,
    visibility      TEXT    NOT NULL,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (installation_id, module_key)
);
CREATE INDEX ix_module_visibility_overrides_tenant ON module_visibility_overrides (tenant_id);
