-- The availability audit: when each anchored record version was last audited and what each replica location
-- answered then (after any repair of that audit), so that the audit period holds across restarts and the patient's
-- audit view and the health component can say which versions were found nowhere. Versions come from chain_event
-- (RecordAnchored); a version never audited has no row. Portable SQL: H2 and PostgreSQL.
CREATE TABLE availability_audit (
    record_id  VARCHAR(66)  NOT NULL PRIMARY KEY,
    cid        VARCHAR(128) NOT NULL,
    audited_at TIMESTAMP    NOT NULL,
    replicas   INTEGER      NOT NULL,
    available  BOOLEAN      NOT NULL
);

CREATE INDEX availability_audit_due ON availability_audit (audited_at);
CREATE INDEX availability_audit_unavailable ON availability_audit (available);

-- location_name: 'primary' or a pinning service's configured name; pin_state: PINNED, PINNING, QUEUED, FAILED,
-- MISSING or UNREACHABLE.
CREATE TABLE availability_location (
    record_id     VARCHAR(66) NOT NULL,
    location_name VARCHAR(32) NOT NULL,
    pin_state     VARCHAR(16) NOT NULL,
    PRIMARY KEY (record_id, location_name)
);
