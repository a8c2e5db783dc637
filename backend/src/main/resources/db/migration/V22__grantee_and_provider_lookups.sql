-- The grantee's view (GET /api/v1/grantees/{grantee}/grants) reads a grantee's consent events, and the provider
-- directory (GET /api/v1/providers) every provider status change: without these, each call would scan every indexed
-- event. counterpart is the grantee of a consent event (the author of an anchor). Portable SQL: H2 and PostgreSQL.
CREATE INDEX chain_event_counterpart ON chain_event (counterpart, name);
CREATE INDEX chain_event_name ON chain_event (name, account);
