-- The patient's consent history reads the event index (docs/API.md, section 7), so the index keeps each event's
-- block time, and the consent log the relayed grants and revocations were copied into goes. Portable SQL: H2 and
-- PostgreSQL.

-- Events indexed so far carry no block time. The index is a copy of the chain: it is emptied here and rebuilt from
-- the deployment block at the next start (permission checks ask the chain until it is current again).
DELETE FROM grant_projection;
DELETE FROM provider_projection;
DELETE FROM chain_event;
DELETE FROM indexed_block;
DELETE FROM index_cursor;
ALTER TABLE chain_event ADD COLUMN block_time BIGINT NOT NULL;

-- consent_change held the grants and revocations relayed here, appended when mined and never removed when a reorg
-- dropped them. Every row is a ConsentRegistry event that the index holds too (with those sent to the chain
-- directly), or one a reorg dropped, which should not be shown: nothing is lost with it.
DROP TABLE consent_change;

-- A patient's grant and revocation requests: the pending part of the consent history.
CREATE INDEX chain_request_patient ON chain_request (patient, kind);
-- Revocations accepted and not yet mined, or mined recently, read by every replica every 100 ms: they deny access
-- from the moment they are accepted (PendingRevocations).
CREATE INDEX chain_request_revocation ON chain_request (kind, status, block_number);
