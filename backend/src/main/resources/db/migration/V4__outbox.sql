-- The transaction outbox: chain requests carry their call from the moment they are accepted; the sender signs them
-- into relayer transactions, one per nonce, each attempt stored before it is broadcast. Portable SQL: H2 and
-- PostgreSQL (one column per ALTER, no vendor types).
ALTER TABLE chain_request ADD COLUMN target VARCHAR(42);
ALTER TABLE chain_request ADD COLUMN calldata VARCHAR(8000);
ALTER TABLE chain_request ADD COLUMN payload VARCHAR(16000);
ALTER TABLE chain_request ADD COLUMN outbox_transaction VARCHAR(36);

CREATE INDEX chain_request_status ON chain_request (status, accepted_at);
CREATE INDEX chain_request_outbox ON chain_request (outbox_transaction);

-- One row per relayer nonce the sender used. calldata of a batch holds up to healthkey.outbox.max-batch anchors.
CREATE TABLE outbox_transaction (
    id          VARCHAR(36)    NOT NULL PRIMARY KEY,
    relayer     VARCHAR(42)    NOT NULL,
    nonce       BIGINT         NOT NULL,
    target      VARCHAR(42)    NOT NULL,
    calldata    VARCHAR(65536) NOT NULL,
    gas_limit   NUMERIC(30, 0) NOT NULL,
    status      VARCHAR(16)    NOT NULL,
    mined_hash  VARCHAR(66),
    block_number BIGINT,
    gas_used    BIGINT,
    succeeded   BOOLEAN        NOT NULL,
    created_at  TIMESTAMP      NOT NULL,
    updated_at  TIMESTAMP      NOT NULL,
    CONSTRAINT outbox_transaction_nonce UNIQUE (relayer, nonce)
);

CREATE INDEX outbox_transaction_status ON outbox_transaction (relayer, status);

-- Every signed attempt for a nonce, in order; the raw transaction is re-broadcast as is after a restart.
CREATE TABLE outbox_attempt (
    transaction_id  VARCHAR(36)    NOT NULL,
    attempt         INTEGER        NOT NULL,
    hash            VARCHAR(66)    NOT NULL UNIQUE,
    raw_transaction VARCHAR(140000) NOT NULL,
    max_fee         NUMERIC(40, 0) NOT NULL,
    priority_fee    NUMERIC(40, 0) NOT NULL,
    cancel          BOOLEAN        NOT NULL,
    sent_at         TIMESTAMP      NOT NULL,
    PRIMARY KEY (transaction_id, attempt)
);

-- The relayer's next nonce. It only moves forward, by one, in the transaction that stores the attempt using it.
CREATE TABLE relayer_nonce (
    relayer    VARCHAR(42) NOT NULL PRIMARY KEY,
    next_nonce BIGINT      NOT NULL
);

-- Which backend replica sends for a relayer key; taken and renewed with conditional updates, lost on expiry.
CREATE TABLE relayer_lease (
    relayer    VARCHAR(42) NOT NULL PRIMARY KEY,
    owner      VARCHAR(64) NOT NULL,
    expires_at TIMESTAMP   NOT NULL
);
