package io.healthkey.backend.application.access;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.application.access.ExplainedAccessDecision.AnsweredBy;
import io.healthkey.backend.application.index.CaregiverIndexPort;
import io.healthkey.backend.application.index.CaregiverPairs;
import io.healthkey.backend.application.index.EventIndexer;
import io.healthkey.backend.application.index.IndexLookups;
import io.healthkey.backend.domain.consent.AccessDecision;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.consent.AccessRule;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.GrantState;
import io.healthkey.backend.domain.index.IndexAnswer;
import io.healthkey.backend.domain.index.IndexSettings;
import io.healthkey.backend.domain.index.IndexStatus;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.backend.domain.index.ProviderState;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link AccessCheckUseCase}: answers from the index's projections with {@link AccessRule} when the index holds
 * every block up to a fresh head; otherwise, or when the rule is in doubt, asks the chain's {@code hasAccess}; when
 * the chain cannot answer either, denies (the decision's block is then -1).
 *
 * <p>Revocations accepted by this service and not yet in what answers (the index up to its head, or the chain) deny
 * from the moment they are accepted: {@link PendingRevocations}, derived from the outbox's requests in the database,
 * so that they hold after a restart and on every replica. They are looked up only where they could change an
 * answer (one that would allow, or ask the chain); when they cannot be read, the check denies.
 *
 * <p>Where a caregiver is involved ({@link CaregiverPairs}: the reader is a caregiver of the patient, or was granted
 * by one), the grant slots do not tell the whole answer, and the chain is asked: it reads a caregiver's access from
 * its appointment, and ends a caregiver's grants with its generation, at once, without an event for each grant. A
 * caregiver revocation accepted here and not yet in the chain denies the same way a pending revocation of a grant
 * does: the caregiver, and each grant slot the index shows the caregiver granted for the patient (the cascade).
 */
public final class IndexedAccessCheck implements AccessCheckUseCase {

    private static final Logger log = LoggerFactory.getLogger(IndexedAccessCheck.class);

    private final EventIndexer indexer;
    private final IndexLookups index;
    private final PendingRevocations revocations;
    private final AccessChainPort chain;
    private final CaregiverPairs caregivers;
    private final CaregiverIndexPort caregiverEvents;
    private final Clock clock;

    public IndexedAccessCheck(EventIndexer indexer, IndexLookups index, PendingRevocations revocations,
            AccessChainPort chain, CaregiverPairs caregivers, CaregiverIndexPort caregiverEvents, Clock clock) {
        this.caregivers = caregivers;
        this.caregiverEvents = caregiverEvents;
        this.indexer = indexer;
        this.index = index;
        this.revocations = revocations;
        this.chain = chain;
        this.clock = clock;
    }

    @Override
    public Mono<AccessDecision> check(AccessQuery query) {
        return explain(query).map(ExplainedAccessDecision::decision);
    }

    /** {@link #check(AccessQuery)}, saying which source answered. */
    public Mono<ExplainedAccessDecision> explain(AccessQuery query) {
        IndexSettings settings = indexer.settings();
        IndexStatus status = indexer.status();
        if (!status.isCurrent(clock.instant(), settings.freshness())) {
            return askChain(query);
        }
        if (query.isPatientsOwnRecord()) {
            return fromIndex(query, settings, status);
        }
        return caregivers.involve(query.patient(), query.grantee())
                .onErrorReturn(true)
                .flatMap(involved -> involved ? askChain(query) : fromIndex(query, settings, status));
    }

    private Mono<ExplainedAccessDecision> fromIndex(AccessQuery query, IndexSettings settings, IndexStatus status) {
        IndexedBlock head = status.cursor().orElseThrow();
        AccessRule rule = new AccessRule(head.number(), head.time(), clock.instant().getEpochSecond(),
                settings.confirmations(), settings.doubtSeconds());
        var scopes = AccessRule.scopesFor(query);
        return index.grants(query.patient(), query.grantee(), query.action().code(), scopes)
                .zipWith(index.provider(query.grantee()))
                .flatMap(found -> {
                    if (!indexer.status().cursor().equals(status.cursor())) {
                        return askChain(query); // the index moved (or rolled back) while it was read
                    }
                    return decide(query, rule, found.getT1(), found.getT2(), head.number());
                })
                .onErrorResume(failure -> {
                    log.warn("index lookup failed, asking the chain: {}", failure.toString());
                    return askChain(query);
                });
    }

    /** The rule's answer; a pending revocation can only turn an ALLOW or ASK_CHAIN into a DENY, never the reverse. */
    private Mono<ExplainedAccessDecision> decide(AccessQuery query, AccessRule rule, List<GrantState> grants,
            Optional<ProviderState> provider, long head) {
        IndexAnswer answer = rule.decide(query, grants, provider, Set.of());
        if (answer == IndexAnswer.DENY || query.isPatientsOwnRecord()) {
            return answer(query, answer, head, AnsweredBy.INDEX);
        }
        return revocations.scopes(query, head).flatMap(pending -> {
            IndexAnswer withPending = pending.isEmpty() ? answer : rule.decide(query, grants, provider, pending);
            return answer(query, withPending, head,
                    withPending == answer ? AnsweredBy.INDEX : AnsweredBy.PENDING_REVOCATION);
        });
    }

    private Mono<ExplainedAccessDecision> answer(AccessQuery query, IndexAnswer answer, long head,
            AnsweredBy answeredBy) {
        return switch (answer) {
            case ALLOW -> Mono.just(explained(new AccessDecision(query, true, head), answeredBy));
            case DENY -> Mono.just(explained(new AccessDecision(query, false, head), answeredBy));
            case ASK_CHAIN -> askChain(query);
        };
    }

    @Override
    public void markRevocationPending(GrantKey key) {
        revocations.accepted(key);
    }

    @Override
    public void markCaregiverRevocationPending(EthAddress patient, EthAddress caregiver) {
        revocations.acceptedCaregiverRevocation(patient, caregiver);
    }

    @Override
    public void observeMined(long blockNumber) {
        indexer.observeHead(blockNumber);
    }

    /**
     * The chain's answer at its latest block, which includes every revocation already mined: one accepted here and
     * not yet mined (of a grant, or of a caregiver) still denies. A chain (or a database) that cannot answer denies.
     */
    private Mono<ExplainedAccessDecision> askChain(AccessQuery query) {
        Mono<Boolean> pending = query.isPatientsOwnRecord() ? Mono.just(false)
                : revocations.forCheck(query, Long.MAX_VALUE).flatMap(found -> found.scopes().isEmpty()
                        ? endedByCaregiverRevocation(query, found.caregivers()) : Mono.just(true));
        return pending
                .flatMap(denied -> !denied
                        ? chain.hasAccess(query).map(decision -> explained(decision, AnsweredBy.CHAIN))
                        : Mono.just(explained(new AccessDecision(query, false, indexer.status().head()),
                                AnsweredBy.PENDING_REVOCATION)))
                .onErrorResume(failure -> {
                    log.warn("hasAccess or the pending revocations unavailable, denying: {}", failure.toString());
                    return Mono.just(explained(new AccessDecision(query, false, -1), AnsweredBy.UNAVAILABLE));
                });
    }

    /**
     * Whether the pending revocation of one of the {@code revoked} caregivers of the patient ends the reader's access:
     * the reader is the caregiver, a caregiver it appointed (as the index shows it), or holds a grant of the checked
     * slot the caregiver made (as the index shows it, or as this service accepted it and it has not failed).
     */
    private Mono<Boolean> endedByCaregiverRevocation(AccessQuery query, Set<EthAddress> revoked) {
        if (revoked.isEmpty() || revoked.contains(query.grantee())) {
            return Mono.just(!revoked.isEmpty());
        }
        List<Bytes32> slots = AccessRule.scopesFor(query);
        Mono<Boolean> appointedByRevoked = caregiverEvents.changesOfPatient(query.patient())
                .any(change -> !change.revoked() && change.caregiver().equals(query.grantee())
                        && change.appointer().filter(revoked::contains).isPresent());
        Flux<GrantKey> indexed = caregiverEvents.consentsByCaregivers(query.patient())
                .filter(consent -> !consent.revoked() && revoked.contains(consent.caregiver()))
                .map(ChainEvent.CaregiverConsent::key);
        Flux<GrantKey> relayed = Flux.fromIterable(revoked)
                .concatMap(caregiver -> revocations.grantsSignedBy(query.patient(), caregiver));
        Mono<Boolean> grantedByRevoked = Flux.concat(indexed, relayed)
                .any(key -> key.grantee().equals(query.grantee()) && key.action() == query.action().code()
                        && slots.contains(key.scope()));
        return appointedByRevoked.flatMap(appointed -> appointed ? Mono.just(true) : grantedByRevoked);
    }

    private static ExplainedAccessDecision explained(AccessDecision decision, AnsweredBy answeredBy) {
        return new ExplainedAccessDecision(decision, answeredBy);
    }
}
