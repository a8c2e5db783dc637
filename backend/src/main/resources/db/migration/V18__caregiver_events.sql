-- Caregivers in the chain event index (CaregiverAppointed, CaregiverRevoked, AccessGrantedByCaregiver,
-- AccessRevokedByCaregiver): an appointment's detail holds its 1 to 8 scopes (0x hex joined by commas, 8 * 66 + 7
-- characters), and a caregiver's patients are found by the caregiver (counterpart). Portable SQL: H2 and PostgreSQL.
ALTER TABLE chain_event ALTER COLUMN detail SET DATA TYPE VARCHAR(600);

CREATE INDEX chain_event_counterpart ON chain_event (counterpart, name);
