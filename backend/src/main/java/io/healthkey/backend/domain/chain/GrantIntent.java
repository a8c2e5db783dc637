package io.healthkey.backend.domain.chain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.GrantMessage;

/**
 * An accepted grant: its terms, and the records whose keys, wrapped for the grantee, were stored with it (dropped
 * again if it fails).
 *
 * @param expiresAt whole seconds, as signed
 * @param keysFor the records only: the wrapped keys themselves are stored with the records
 */
public record GrantIntent(EthAddress grantee, Scope scope, Action action, Purpose purpose, Instant expiresAt,
        Optional<BigInteger> nonce, List<RecordId> keysFor) implements ConsentIntent {

    public GrantIntent {
        Objects.requireNonNull(grantee, "grantee");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(nonce, "nonce");
        keysFor = List.copyOf(keysFor);
    }

    /** The intent of {@code grant}, accepted with keys for {@code keysFor}. */
    public static GrantIntent of(GrantMessage grant, List<RecordId> keysFor) {
        return new GrantIntent(grant.grantee(), grant.scope(), grant.action(), grant.purpose(), grant.expiresAt(),
                Optional.of(grant.nonce()), keysFor);
    }

    @Override
    public boolean suits(RelayKind kind) {
        return kind == RelayKind.GRANT;
    }
}
