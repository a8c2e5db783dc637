-- Smart-account patients (docs/API.md, "Smart-account patients"): an account whose signature made a mined relay
-- revert is refused further relays until its state (code hash and storage root, eth_getProof) differs from the
-- state recorded here. Portable SQL: H2 and PostgreSQL.
CREATE TABLE refused_account (
    account      VARCHAR(42)  NOT NULL PRIMARY KEY,
    state        VARCHAR(130) NOT NULL,
    failure_code VARCHAR(32)  NOT NULL,
    refused_at   TIMESTAMP    NOT NULL
);
