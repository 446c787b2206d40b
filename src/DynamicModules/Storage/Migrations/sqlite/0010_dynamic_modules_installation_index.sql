-- An installation's dynamic modules by tenant, installation and key. A registration counts the installation's modules
-- inside its write (DynamicModuleStore.QuotaCheckAsync), under the tenant's lock; with this index the count reads the
-- index alone instead of one table row per module, so it stays cheap however many modules the app holds.
CREATE INDEX ix_dynamic_modules_installation ON dynamic_modules (tenant_id, installation_id, module_key);
