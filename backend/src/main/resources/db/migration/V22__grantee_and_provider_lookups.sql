-- The grantee's view (GET /api/v1/grantees/{grantee}/grants) reads a grantee's consent events, and the provider
-- directory (GET /api/v1/providers) every provider status change: without these, each call would scan every indexed
-- event. The index by counterpart (the grantee of a consent event) is V18's. Portable SQL: H2 and PostgreSQL.
CREATE INDEX chain_event_name ON chain_event (name, account);
