-- Multi-part uploads (docs/API.md, "A large record in parts"): the parts of a reserved record's envelope stored so
-- far, kept with the reservation so that a restart between parts loses none. Content stays in the content store,
-- under the pinned node of each part (part_cid). Portable SQL: H2 and PostgreSQL.
CREATE TABLE upload_part (
    record_id       VARCHAR(66)  NOT NULL,
    part_number     INTEGER      NOT NULL,
    first_byte      BIGINT       NOT NULL,
    byte_length     BIGINT       NOT NULL,
    envelope_length BIGINT       NOT NULL,
    sha256          VARCHAR(66)  NOT NULL,
    part_cid        VARCHAR(128) NOT NULL,
    stored_at       TIMESTAMP    NOT NULL,
    PRIMARY KEY (record_id, part_number)
);
