-- Which chain this database describes: the chain id and the hash of the deployment's start block, recorded at the
-- first start against an empty database. A chain whose block there has another hash (a dev chain started afresh, a
-- node pointed at another network) is not this database's: nothing is relayed or indexed against it.
-- Portable SQL: H2 and PostgreSQL.
CREATE TABLE chain_identity (
    id           INTEGER     NOT NULL PRIMARY KEY,
    chain_id     BIGINT      NOT NULL,
    block_number BIGINT      NOT NULL,
    block_hash   VARCHAR(66) NOT NULL
);
