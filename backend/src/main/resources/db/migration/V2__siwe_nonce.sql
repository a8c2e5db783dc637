-- Sign-In with Ethereum nonces: issued by POST /api/v1/auth/nonce, spent once by POST /api/v1/auth/session.
-- A row is kept until it expires (used or not) so that a replay is told apart from an unknown nonce; expired
-- rows are deleted when new nonces are issued. Portable SQL: H2 and PostgreSQL.
CREATE TABLE siwe_nonce (
    nonce       VARCHAR(64) NOT NULL PRIMARY KEY,
    issued_at   TIMESTAMP   NOT NULL,
    expires_at  TIMESTAMP   NOT NULL,
    consumed_at TIMESTAMP
);

CREATE INDEX siwe_nonce_expires_at ON siwe_nonce (expires_at);
