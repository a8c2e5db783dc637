package io.healthkey.backend.domain.chain;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.RevocationMessage;

/** An accepted revocation: what it withdraws, so that the grantee's keys it covers are dropped once it is final. */
public record RevocationIntent(EthAddress grantee, Scope scope, Action action, Optional<BigInteger> nonce)
        implements ConsentIntent {

    public RevocationIntent {
        Objects.requireNonNull(grantee, "grantee");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(nonce, "nonce");
    }

    public static RevocationIntent of(RevocationMessage revocation) {
        return new RevocationIntent(revocation.grantee(), revocation.scope(), revocation.action(),
                Optional.of(revocation.nonce()));
    }

    @Override
    public boolean suits(RelayKind kind) {
        return kind == RelayKind.REVOCATION;
    }
}
