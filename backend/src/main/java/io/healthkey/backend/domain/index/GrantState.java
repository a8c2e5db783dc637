package io.healthkey.backend.domain.index;

import io.healthkey.protocol.Bytes32;

/** The index's latest word on one grant slot: granted until {@code expiresAt}, or revoked, as of a block. */
public record GrantState(Bytes32 scope, long expiresAt, boolean revoked, long blockNumber) {
}
