-- Telemetry (docs/observability.md). The publish request's W3C trace context is kept with its event, so the worker that
-- sends a delivery later (any node, after any restart) continues the same trace across the outbox. first_succeeded_at
-- marks a delivery's first 2xx: the delivery lag (publish -> first 2xx) is measured once, never again on a redelivery.
ALTER TABLE events ADD COLUMN traceparent TEXT NULL;
ALTER TABLE events ADD COLUMN tracestate TEXT NULL;
ALTER TABLE deliveries ADD COLUMN first_succeeded_at BIGINT NULL;
