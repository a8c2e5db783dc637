package io.healthkey.backend.domain.chain;

import java.math.BigInteger;
import java.util.Optional;

import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Scope;

/**
 * A grant or a revocation: the terms its {@code AccessGranted} or {@code AccessRevoked} event will carry, and the
 * EIP-712 nonce the patient signed it with (the patient is the request's).
 */
public sealed interface ConsentIntent extends Intent permits GrantIntent, RevocationIntent {

    EthAddress grantee();

    Scope scope();

    Action action();

    /** The nonce it was signed with; empty for intents accepted before the outbox stored nonces. */
    Optional<BigInteger> nonce();
}
