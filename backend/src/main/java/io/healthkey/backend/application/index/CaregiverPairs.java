package io.healthkey.backend.application.index;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * The (patient, account) pairs whose access depends on a caregiver: the account was appointed caregiver of the
 * patient, or was granted access by one. For them the grant slots the index folds do not tell the whole answer (a
 * caregiver reads by its appointment; a caregiver's grant ends with its generation, on revocation, re-appointment
 * or expiry, without an event for the grant), so access checks ask the chain's {@code hasAccess}, which honours
 * both.
 *
 * <p>Reorg-safe by only growing: a pair stays flagged even if the events that flagged it are rolled back, which can
 * only send a check to the chain, never let the index allow what the chain would deny. Loaded from the stored
 * events on first use; fed with each committed append after that ({@link IndexProjections#apply}).
 */
public final class CaregiverPairs {

    /** A patient, and an account a caregiver event names for them. */
    public record Pair(EthAddress patient, EthAddress account) {

        public Pair {
            Objects.requireNonNull(patient, "patient");
            Objects.requireNonNull(account, "account");
        }
    }

    private final Set<Pair> pairs = ConcurrentHashMap.newKeySet();
    private final Mono<Void> loaded;

    public CaregiverPairs(CaregiverIndexPort stored) {
        this.loaded = stored.caregiverPairs().doOnNext(pairs::add).then().cache();
    }

    /** Whether {@code account}'s access to {@code patient}'s records depends on a caregiver. */
    public Mono<Boolean> involve(EthAddress patient, EthAddress account) {
        return loaded.then(Mono.fromSupplier(() -> pairs.contains(new Pair(patient, account))));
    }

    /** The events of a committed append. */
    void observe(List<ChainEvent> events) {
        for (ChainEvent event : events) {
            if (event instanceof ChainEvent.CaregiverChange change) {
                pairs.add(new Pair(change.patient(), change.caregiver()));
            } else if (event instanceof ChainEvent.CaregiverConsent consent) {
                pairs.add(new Pair(consent.key().patient(), consent.key().grantee()));
            }
        }
    }
}
