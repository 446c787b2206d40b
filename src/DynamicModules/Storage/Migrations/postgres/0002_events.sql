-- Events and their durable delivery outbox (DESIGN §4.4). An event and all of its deliveries are
-- inserted in one transaction, so an accepted event (202) always has its deliveries on disk.
CREATE TABLE events (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id      BIGINT  NOT NULL REFERENCES tenants (id),
    event_id       TEXT    NOT NULL,
    event_type     TEXT    NOT NULL,
    payload        TEXT    NOT NULL,
    actor          TEXT    NULL,
    delivery_count BIGINT  NOT NULL,
    skipped        TEXT    NOT NULL,
    published_at   BIGINT  NOT NULL,
    UNIQUE (tenant_id, event_id)
);

-- status: pending (waiting for an attempt, maybe leased by a worker until locked_until),
-- succeeded, failed (not retried: a non-retryable answer or the app no longer enabled), dead
-- (attempts exhausted, or refused because the target left the app's base URL).
CREATE TABLE deliveries (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id        BIGINT  NOT NULL REFERENCES tenants (id),
    event_row_id     BIGINT  NOT NULL REFERENCES events (id),
    installation_id  BIGINT  NOT NULL REFERENCES installations (id),
    app_key          TEXT    NOT NULL,
    module_key       TEXT    NOT NULL,
    module_kind      TEXT    NOT NULL,
    event_name       TEXT    NOT NULL,
    webhook_id       TEXT    NOT NULL UNIQUE,
    target_url       TEXT    NOT NULL,
    exclude_body     BIGINT  NOT NULL,
    self_generated   BIGINT  NOT NULL,
    match_reason     TEXT    NOT NULL,
    filter_error     TEXT    NULL,
    status           TEXT    NOT NULL,
    attempt_count    BIGINT  NOT NULL,
    next_attempt_at  BIGINT  NOT NULL,
    locked_until     BIGINT  NULL,
    claimed_by       TEXT    NULL,
    last_status_code BIGINT  NULL,
    last_error       TEXT    NULL,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL
);
CREATE INDEX ix_deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX ix_deliveries_tenant ON deliveries (tenant_id, id);

CREATE TABLE delivery_attempts (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id      BIGINT  NOT NULL REFERENCES deliveries (id),
    tenant_id        BIGINT  NOT NULL REFERENCES tenants (id),
    attempt          BIGINT  NOT NULL,
    started_at       BIGINT  NOT NULL,
    duration_ms      BIGINT  NOT NULL,
    status_code      BIGINT  NULL,
    error            TEXT    NULL,
    response_snippet TEXT    NULL
);
CREATE INDEX ix_delivery_attempts_delivery ON delivery_attempts (delivery_id, id);
