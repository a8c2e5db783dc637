package io.healthkey.backend.support.fakes;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.healthkey.backend.application.consent.ConsentRegistryPort;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.consent.AccessDecision;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.consent.SignedGrant;
import io.healthkey.backend.domain.consent.SignedNonceCancellation;
import io.healthkey.backend.domain.consent.SignedRevocation;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * The consent registry as a test sets it: each patient's next nonce, and the queries {@code hasAccess} allows (all
 * others are denied). Its calls are encoded as a marker and the nonce, enough to tell them apart; {@link #failReads}
 * makes reads fail as an unreachable node would.
 */
public final class FakeConsentRegistry implements ConsentRegistryPort {

    public static final EthAddress ADDRESS = EthAddress.parse("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512");
    public static final long BLOCK = 41;

    private final Map<EthAddress, BigInteger> nextNonces = new HashMap<>();
    private final Set<AccessQuery> allowed = new HashSet<>();
    /** When present, every read fails with it. */
    public Optional<RuntimeException> failReads = Optional.empty();

    public void setNextNonce(EthAddress patient, long nonce) {
        nextNonces.put(patient, BigInteger.valueOf(nonce));
    }

    public void allow(AccessQuery query) {
        allowed.add(query);
    }

    @Override
    public ChainCall grantCall(SignedGrant grant) {
        return new ChainCall(ADDRESS, "0x01" + "%064x".formatted(grant.grant().nonce()));
    }

    @Override
    public ChainCall revocationCall(SignedRevocation revocation) {
        return new ChainCall(ADDRESS, "0x02" + "%064x".formatted(revocation.revocation().nonce()));
    }

    @Override
    public ChainCall cancellationCall(SignedNonceCancellation cancellation) {
        return new ChainCall(ADDRESS, "0x03" + "%064x".formatted(cancellation.cancellation().nonce()));
    }

    @Override
    public Mono<BigInteger> nextNonce(EthAddress patient) {
        return read(() -> nextNonces.getOrDefault(patient, BigInteger.ZERO));
    }

    @Override
    public Mono<AccessDecision> hasAccess(AccessQuery query) {
        return read(() -> new AccessDecision(query, allowed.contains(query), BLOCK));
    }

    @Override
    public EthAddress relayer() {
        return SimulatingRelayer.ADDRESS;
    }

    private <T> Mono<T> read(Supplier<T> answer) {
        return Mono.defer(() -> failReads.<Mono<T>>map(Mono::error).orElseGet(() -> Mono.fromSupplier(answer)));
    }
}
