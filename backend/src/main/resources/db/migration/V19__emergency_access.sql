-- Emergency access (break-glass, docs/API.md "Emergency access"). The chain holds the requests, approvals and
-- windows (their events are in chain_event like every other event); this service keeps what the chain must not:
-- the reason of a request in clear (the chain has its keccak256 only), shown to the patient alone, and the reads
-- made through an open emergency window, flagged for the patient's review beside the read log (whose receipt
-- leaves keep their format). Portable SQL: H2 and PostgreSQL.
CREATE TABLE emergency_reason (
    patient     VARCHAR(42)   NOT NULL,
    requester   VARCHAR(42)   NOT NULL,
    reason_hash VARCHAR(66)   NOT NULL,
    reason      VARCHAR(1000) NOT NULL,
    created_at  TIMESTAMP     NOT NULL,
    PRIMARY KEY (patient, requester, reason_hash)
);

-- One row per allowed read of a record by a reader that held an open emergency window of the record's patient.
-- window_until: the window's end (seconds since the epoch) as its EmergencyWindowOpened event said.
CREATE TABLE emergency_read (
    patient      VARCHAR(42) NOT NULL,
    reader       VARCHAR(42) NOT NULL,
    record_id    VARCHAR(66) NOT NULL,
    read_at      TIMESTAMP   NOT NULL,
    window_until BIGINT      NOT NULL,
    window_tx    VARCHAR(66) NOT NULL
);

CREATE INDEX emergency_read_patient ON emergency_read (patient, read_at);

-- A keyholder's share of the patient's emergency kit, re-wrapped for a requester's published key and signed by the
-- keyholder (a ShareTransfer in the recovery domain, docs/FORMAT.md "Emergency kit"): the server cannot open it.
-- The primary key is the rule "one transfer per keyholder, requester and kit".
CREATE TABLE emergency_transfer (
    patient     VARCHAR(42)   NOT NULL,
    requester   VARCHAR(42)   NOT NULL,
    kit_id      VARCHAR(66)   NOT NULL,
    keyholder   VARCHAR(42)   NOT NULL,
    recipient   VARCHAR(68)   NOT NULL,
    share       VARCHAR(262)  NOT NULL,
    deadline    TIMESTAMP     NOT NULL,
    signature   VARCHAR(8194) NOT NULL,
    accepted_at TIMESTAMP     NOT NULL,
    PRIMARY KEY (patient, requester, kit_id, keyholder)
);
