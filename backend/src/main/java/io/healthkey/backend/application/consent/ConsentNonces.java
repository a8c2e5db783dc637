package io.healthkey.backend.application.consent;

import java.math.BigInteger;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

import io.healthkey.backend.application.outbox.ChainRequestPort;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.CaregiverIntent;
import io.healthkey.backend.domain.chain.ConsentIntent;
import io.healthkey.backend.domain.chain.GrantIntent;
import io.healthkey.backend.domain.chain.NonceCancellationIntent;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import reactor.core.publisher.Mono;

/**
 * A patient's consent intents (grants, revocations and nonce cancellations) in the order of their EIP-712 nonces,
 * across the outbox.
 * The registry takes a patient's signatures strictly one nonce after the other, and the outbox holds intents that
 * are accepted but not yet on chain; so the patient's next nonce is one past the highest pending one (or the
 * chain's when none is pending), and an intent signed with it is queued behind the pending ones instead of being
 * refused because the chain has not seen them yet. The sender keeps the order: an account's next request waits
 * until the one before it is mined. A pending nonce cancellation takes every nonce from its own up to its
 * {@code newNonce}: the patient's next intent is signed with {@code newNonce}, and one signed with a nonce in between
 * is refused, since it could never land.
 *
 * <p>A queued intent depends on those before it: if one of them fails, the chain still expects its nonce, and the
 * queued intent would revert when sent. It waits instead (its signed message may still land, once that nonce is
 * used), and fails only when it can never land: its own nonce used by another message ({@code OUTBOX-0001}) or its
 * deadline passed ({@code OUTBOX-0002}); the patient then signs it again with the nonce then current.
 */
public final class ConsentNonces {

    private final ConsentRegistryPort chain;
    private final ChainRequestPort requests;

    public ConsentNonces(ConsentRegistryPort chain, ChainRequestPort requests) {
        this.chain = chain;
        this.requests = requests;
    }

    /** Where an intent signed with a given nonce goes. */
    public enum Placement {
        /** Nothing of the patient's is pending: the chain judges it now, by simulation. */
        ON_CHAIN_NOW,
        /** One past the patient's highest pending intent: it waits behind them; the chain judges it when sent. */
        QUEUED
    }

    /** The nonce the patient's next grant, revocation or nonce cancellation must be signed with. */
    public Mono<BigInteger> next(EthAddress patient) {
        return Mono.zip(chain.nextNonce(patient), pending(patient))
                .map(both -> both.getT2().isEmpty() ? both.getT1()
                        : both.getT2().lastEntry().getValue().nextNonce().max(both.getT1()));
    }

    /**
     * Places an intent signed with {@code nonce}; fails with {@code CONSENT-0003} (409) when a pending intent holds
     * that nonce, or when it skips one, naming the nonce to sign with.
     */
    public Mono<Placement> place(EthAddress patient, BigInteger nonce) {
        return pending(patient).flatMap(pending -> {
            if (pending.isEmpty()) {
                return Mono.just(Placement.ON_CHAIN_NOW);
            }
            BigInteger next = pending.lastEntry().getValue().nextNonce();
            var holder = pending.floorEntry(nonce);
            if (holder != null && nonce.compareTo(holder.getValue().nextNonce()) < 0) {
                String taken = holder.getKey().equals(nonce) ? "is taken by" : "is voided by the nonce cancellation";
                return Mono.error(conflict("the signed nonce " + taken + " consent request "
                        + holder.getValue().requestId() + ", accepted and not yet final; sign this one with nonce "
                        + next + " (GET /api/v1/patients/{patient}/nonce) and it is relayed after it"));
            }
            if (nonce.compareTo(next) > 0) {
                return Mono.error(conflict("the signed nonce skips a nonce: the patient's next is " + next));
            }
            return Mono.just(nonce.equals(next) ? Placement.QUEUED : Placement.ON_CHAIN_NOW);
        });
    }

    /**
     * Whether a grant of {@code patient}'s to {@code grantee} that is not final yet, other than request
     * {@code except}, stored a key of {@code record}.
     */
    Mono<Boolean> pendingGrantHoldsKey(EthAddress patient, EthAddress grantee, RecordId record, String except) {
        return requests.unsettled(patient)
                .any(request -> !request.id().equals(except) && request.intent() instanceof GrantIntent grant
                        && grant.grantee().equals(grantee) && grant.keysFor().contains(record));
    }

    /** A pending request's nonces: from the one it was signed with up to {@code nextNonce} (excluded). */
    private record Taken(String requestId, BigInteger nextNonce) {
    }

    /** The patient's consent intents not yet final, by the nonce they were signed with. */
    private Mono<NavigableMap<BigInteger, Taken>> pending(EthAddress patient) {
        return requests.unsettled(patient)
                .collectList()
                .map(unsettled -> {
                    NavigableMap<BigInteger, Taken> byNonce = new TreeMap<>();
                    unsettled.forEach(request -> nonceOf(request)
                            .ifPresent(nonce -> byNonce.putIfAbsent(nonce, new Taken(request.id(),
                                    nextNonceAfter(request, nonce)))));
                    return byNonce;
                });
    }

    private static Optional<BigInteger> nonceOf(ChainRequest request) {
        if (request.intent() instanceof NonceCancellationIntent cancellation) {
            return Optional.of(cancellation.nonce());
        }
        if (request.intent() instanceof CaregiverIntent caregiver) {
            return Optional.of(caregiver.nonce());
        }
        return request.intent() instanceof ConsentIntent consent ? consent.nonce() : Optional.empty();
    }

    private static BigInteger nextNonceAfter(ChainRequest request, BigInteger nonce) {
        return request.intent() instanceof NonceCancellationIntent cancellation ? cancellation.newNonce()
                : nonce.add(BigInteger.ONE);
    }

    private static DomainException conflict(String detail) {
        return new DomainException(ErrorCode.CONSENT_NONCE_MISMATCH, detail);
    }
}
