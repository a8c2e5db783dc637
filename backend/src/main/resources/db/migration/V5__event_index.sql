-- The chain event index: the contracts' events as mined, the recent blocks they came in (to detect reorgs by
-- hash), where indexing stands, and projections of current grants and provider statuses for access checks.
-- Portable SQL: H2 and PostgreSQL. uint64 expiries above BIGINT's range are stored as its maximum.
CREATE TABLE indexed_block (
    block_number BIGINT      NOT NULL PRIMARY KEY,
    block_hash   VARCHAR(66) NOT NULL,
    parent_hash  VARCHAR(66) NOT NULL,
    block_time   BIGINT      NOT NULL
);

-- One row: the last block whose events are all in chain_event.
CREATE TABLE index_cursor (
    id           INTEGER     NOT NULL PRIMARY KEY,
    block_number BIGINT      NOT NULL,
    block_hash   VARCHAR(66) NOT NULL,
    parent_hash  VARCHAR(66) NOT NULL,
    block_time   BIGINT      NOT NULL
);

-- Decoded logs. account: patient, provider or key owner; counterpart: grantee or author; subject: scope or record
-- id; detail: a provider's name, a published key (public data only).
CREATE TABLE chain_event (
    block_number   BIGINT       NOT NULL,
    log_index      INTEGER      NOT NULL,
    block_hash     VARCHAR(66)  NOT NULL,
    tx_hash        VARCHAR(66)  NOT NULL,
    contract       VARCHAR(42)  NOT NULL,
    name           VARCHAR(32)  NOT NULL,
    account        VARCHAR(42)  NOT NULL,
    counterpart    VARCHAR(42),
    subject        VARCHAR(66),
    action         INTEGER,
    purpose        INTEGER,
    expires_at     BIGINT,
    category       INTEGER,
    codec          BIGINT,
    content_digest VARCHAR(66),
    supersedes     VARCHAR(66),
    reason         INTEGER,
    detail         VARCHAR(400),
    PRIMARY KEY (block_number, log_index)
);

CREATE INDEX chain_event_account ON chain_event (account, name);
CREATE INDEX chain_event_subject ON chain_event (subject, name);

-- The latest grant or revocation per key; revoked rows stay so that a revocation counts before it is deep.
CREATE TABLE grant_projection (
    patient      VARCHAR(42) NOT NULL,
    grantee      VARCHAR(42) NOT NULL,
    scope        VARCHAR(66) NOT NULL,
    action       INTEGER     NOT NULL,
    purpose      INTEGER,
    expires_at   BIGINT,
    revoked      BOOLEAN     NOT NULL,
    block_number BIGINT      NOT NULL,
    log_index    INTEGER     NOT NULL,
    tx_hash      VARCHAR(66) NOT NULL,
    PRIMARY KEY (patient, grantee, action, scope)
);

-- The latest status change per provider.
CREATE TABLE provider_projection (
    provider     VARCHAR(42) NOT NULL PRIMARY KEY,
    status       VARCHAR(16) NOT NULL,
    block_number BIGINT      NOT NULL,
    log_index    INTEGER     NOT NULL
);
