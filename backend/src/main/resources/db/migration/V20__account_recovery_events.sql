-- Passkey accounts' guardian-recovery events join the event index (chain_event, columns as AccountRecoveryRows
-- documents): a GuardiansChanged lists every new guardian in detail, which 400 characters could not hold.
-- SET DATA TYPE: the same statement on H2 and PostgreSQL; widening a VARCHAR rewrites nothing.
ALTER TABLE chain_event ALTER COLUMN detail SET DATA TYPE VARCHAR(100000);
