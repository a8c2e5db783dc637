-- Denied reads by parties that hold no grant from the patient are counted into one row per (reader, patient,
-- window) instead of one row each (AuditedReadLog, docs/FORMAT.md "Aggregated denied reads"); pages of a
-- patient's read log are cut by id. Portable SQL: H2 and PostgreSQL.
ALTER TABLE record_read ADD COLUMN read_count BIGINT DEFAULT 1 NOT NULL;
ALTER TABLE record_read ADD COLUMN last_read_at TIMESTAMP;
UPDATE record_read SET last_read_at = read_at;
ALTER TABLE record_read ALTER COLUMN last_read_at SET NOT NULL;
-- Set on aggregates only: when the window closes. NULLs are distinct, so single reads never collide here, and two
-- replicas counting the same window end in one row.
ALTER TABLE record_read ADD COLUMN window_end TIMESTAMP;
CREATE UNIQUE INDEX record_read_window ON record_read (patient, reader, window_end);
CREATE INDEX record_read_patient_id ON record_read (patient, id);

-- The leaf gained a count and ReadReceiptRoots chains read id ranges: its ABI changed, so it is deployed anew and
-- its batches start again at 1 from read id 1. Batches stored for the old contract can be proved against nothing.
DELETE FROM read_receipt;
DELETE FROM read_receipt_batch;
