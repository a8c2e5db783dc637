-- The event index keeps its projections (latest grant per slot, latest status per provider) in memory only, folded
-- from chain_event when the indexer starts (EventIndexAdapter, IndexProjections). Writing a projection row per grant
-- slot, keyed by addresses and a scope in no useful order, cost H2 more than storing the events themselves and held
-- the backfill under 10,000 events/s (benchmarks/README.md). The rows were derived from chain_event: nothing is lost.
-- Portable SQL: H2 and PostgreSQL.
DROP TABLE grant_projection;
DROP TABLE provider_projection;
