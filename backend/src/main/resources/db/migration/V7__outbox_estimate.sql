-- The gas a request's call needed when it was accepted (eth_estimateGas, with the relayer's margin): the sender
-- signs a fresh one with it instead of simulating the call a second time. NULL for anchors (they go in batches,
-- estimated when sent) and for requests accepted before it was kept.
ALTER TABLE chain_request ADD COLUMN gas_limit NUMERIC(30, 0);
