-- A patient's pending consent intents are read by account when the next one is accepted (they go in nonce order).
CREATE INDEX chain_request_account ON chain_request (account, status);
