-- Indexes for the dashboard's aggregates (DashboardStore): attempts by the time they started, for one tenant or
-- all of them; deliveries refused before any attempt (a small partial index: most deliveries are attempted);
-- and a tenant's pending deliveries (the outbox depth of one tenant).
CREATE INDEX ix_delivery_attempts_started ON delivery_attempts (started_at);
CREATE INDEX ix_delivery_attempts_tenant_started ON delivery_attempts (tenant_id, started_at);
CREATE INDEX ix_deliveries_unattempted ON deliveries (tenant_id, created_at) WHERE attempt_count = 0 AND status IN ('dead', 'failed');
CREATE INDEX ix_deliveries_tenant_pending ON deliveries (tenant_id) WHERE status = 'pending';
