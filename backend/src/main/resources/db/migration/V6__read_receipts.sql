-- Read receipts: batches of reads committed to by a Merkle root on chain (ReadReceiptRoots), docs/FORMAT.md.
-- A batch row and its receipts are written in one transaction before the root is sent, so a batch that was
-- prepared but not published is published later exactly as prepared, never rebuilt.
-- Hashes and random salts only: the receipt's other fields stay in record_read. Portable SQL: H2 and PostgreSQL.
CREATE TABLE read_receipt_batch (
    batch_number     BIGINT      NOT NULL PRIMARY KEY,
    root             VARCHAR(66) NOT NULL,
    leaf_count       INTEGER     NOT NULL,
    first_read_id    BIGINT      NOT NULL,
    last_read_id     BIGINT      NOT NULL,
    status           VARCHAR(16) NOT NULL,
    transaction_hash VARCHAR(66),
    block_number     BIGINT,
    prepared_at      TIMESTAMP   NOT NULL,
    published_at     TIMESTAMP
);

CREATE INDEX read_receipt_batch_status ON read_receipt_batch (status, batch_number);

-- One row per batched read (record_read.id); read_at is the leaf's readAt in Unix seconds, as hashed.
CREATE TABLE read_receipt (
    read_id      BIGINT      NOT NULL PRIMARY KEY,
    batch_number BIGINT      NOT NULL,
    leaf_index   INTEGER     NOT NULL,
    salt         VARCHAR(66) NOT NULL,
    read_at      BIGINT      NOT NULL,
    leaf_hash    VARCHAR(66) NOT NULL,
    CONSTRAINT read_receipt_leaf UNIQUE (batch_number, leaf_index)
);
