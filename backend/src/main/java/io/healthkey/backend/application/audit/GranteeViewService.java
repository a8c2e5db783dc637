package io.healthkey.backend.application.audit;

import static io.healthkey.backend.application.audit.AuditPositions.RECORD_ORDER;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.healthkey.backend.application.access.AccessCheckUseCase;
import io.healthkey.backend.application.index.CaregiverIndexPort;
import io.healthkey.backend.application.index.EventIndexQueryPort;
import io.healthkey.backend.application.index.EventIndexer;
import io.healthkey.backend.domain.audit.AuditAccess;
import io.healthkey.backend.domain.audit.Page;
import io.healthkey.backend.domain.audit.PageCursor;
import io.healthkey.backend.domain.audit.PageRequest;
import io.healthkey.backend.domain.consent.AccessDecision;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.consent.AccessRule;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.backend.domain.record.AnchoredRecord;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.CaregiverPowers;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link GranteeViewUseCase}, from the event index only: a grantee sees what the chain says it was granted, never
 * another account's grants, and records only through the same permission check a read goes through. A caregiver
 * appointed with READ is a reader too: its appointment's scopes open records as a grant's would.
 */
public final class GranteeViewService implements GranteeViewUseCase {

    private final ReceivedConsentPort received;
    private final CaregiverIndexPort caregivers;
    private final EventIndexQueryPort index;
    private final EventIndexer indexer;
    private final AccessCheckUseCase access;
    private final Clock clock;

    public GranteeViewService(ReceivedConsentPort received, CaregiverIndexPort caregivers, EventIndexQueryPort index,
            EventIndexer indexer, AccessCheckUseCase access, Clock clock) {
        this.received = received;
        this.caregivers = caregivers;
        this.index = index;
        this.indexer = indexer;
        this.access = access;
        this.clock = clock;
    }

    @Override
    public Mono<Page<ChainEvent.Consent>> grants(EthAddress viewer, EthAddress grantee, PageRequest page) {
        return requireGrantee(viewer, grantee).then(Mono.defer(() -> {
            Optional<GrantPosition> after = page.after().map(GrantPosition::of);
            return liveGrants(grantee)
                    .filter(grant -> after.map(cursor -> cursor.isBefore(grant.at())).orElse(true))
                    .take(page.limit() + 1L)
                    .collectList()
                    .map(fetched -> Page.of(fetched, page.limit(), GranteeViewService::cursorOf));
        }));
    }

    @Override
    public Mono<Page<AnchoredRecord>> readableRecords(EthAddress viewer, EthAddress grantee, EthAddress patient,
            PageRequest page) {
        return requireGrantee(viewer, grantee).then(Mono.defer(() -> {
            Optional<RecordId> after = page.after().map(GranteeViewService::recordIdOf);
            return liveGrants(grantee)
                    .filter(grant -> grant.key().patient().equals(patient)
                            && grant.key().action() == Action.READ.code())
                    .map(grant -> grant.key().scope())
                    .concatWith(readingAppointmentScopes(grantee, patient))
                    .collect(HashSet<Bytes32>::new, Set::add)
                    .flatMapMany(scopes -> scopes.isEmpty() ? Flux.empty() : index.anchorsOf(patient)
                            .filter(anchored -> covers(scopes, new AccessQuery(patient, grantee, anchored.id(),
                                    Action.READ))))
                    .sort((a, b) -> RECORD_ORDER.compare(a.id(), b.id()))
                    .filter(anchored -> after.map(cursor -> RECORD_ORDER.compare(anchored.id(), cursor) > 0)
                            .orElse(true))
                    // the check a read goes through: pending revocations, a suspended provider, the chain in doubt
                    .concatMap(anchored -> access.check(new AccessQuery(patient, grantee, anchored.id(), Action.READ))
                            .filter(AccessDecision::allowed)
                            .map(allowed -> anchored))
                    .take(page.limit() + 1L)
                    .collectList()
                    .map(fetched -> Page.of(fetched, page.limit(), anchored -> PageCursor.of(READABLE_RECORDS,
                            anchored.id().toHex())));
        }));
    }

    /**
     * Newest first, each grant slot's newest event only, kept if it is a grant that is confirmed and not expired:
     * the state {@link AccessRule} would allow on, without its doubt window (the read itself settles a doubt).
     */
    private Flux<ChainEvent.Consent> liveGrants(EthAddress grantee) {
        return Flux.defer(() -> {
            long confirmedUpTo = indexer.status().cursor().map(IndexedBlock::number).orElse(-1L)
                    - indexer.settings().confirmations();
            long now = clock.instant().getEpochSecond();
            Set<GrantKey> seen = new HashSet<>();
            return received.consentEventsTo(grantee)
                    .filter(event -> seen.add(event.key()))
                    .filter(event -> !event.revoked() && event.at().blockNumber() <= confirmedUpTo
                            && event.expiresAt() > now);
        });
    }

    /**
     * The scopes of {@code caregiver}'s appointment for {@code patient} when its newest change is an appointment with
     * READ, confirmed and not expired; the permission check then asks the chain, which also ends it with its appointer.
     */
    private Flux<Bytes32> readingAppointmentScopes(EthAddress caregiver, EthAddress patient) {
        return Flux.defer(() -> {
            long confirmedUpTo = indexer.status().cursor().map(IndexedBlock::number).orElse(-1L)
                    - indexer.settings().confirmations();
            long now = clock.instant().getEpochSecond();
            return caregivers.changesOfCaregiver(caregiver)
                    .filter(change -> change.patient().equals(patient))
                    .take(1)
                    .filter(change -> !change.revoked() && change.at().blockNumber() <= confirmedUpTo
                            && change.expiresAt() > now
                            && new CaregiverPowers(change.powers()).includes(CaregiverPowers.READ))
                    .flatMapIterable(ChainEvent.CaregiverChange::scopes);
        });
    }

    private static boolean covers(Set<Bytes32> scopes, AccessQuery query) {
        List<Bytes32> opening = AccessRule.scopesFor(query);
        return opening.stream().anyMatch(scopes::contains);
    }

    private static PageCursor cursorOf(ChainEvent.Consent grant) {
        return PageCursor.of(GRANTS, Long.toString(grant.at().blockNumber()), Long.toString(grant.at().logIndex()));
    }

    /** A grant's place in the list, which is newest block first, then the later log first. */
    private record GrantPosition(long block, long log) {

        static GrantPosition of(PageCursor cursor) {
            GrantPosition position = new GrantPosition(cursor.number(0), cursor.number(1));
            if (position.block < 0 || position.log < 0) {
                throw cursor.malformed();
            }
            return position;
        }

        /** Whether the event at {@code at} comes after this position in the list. */
        boolean isBefore(LogPosition at) {
            return at.blockNumber() < block || at.blockNumber() == block && at.logIndex() < log;
        }
    }

    private static RecordId recordIdOf(PageCursor cursor) {
        return AuditPositions.recordIdOf(cursor);
    }

    private static Mono<Void> requireGrantee(EthAddress viewer, EthAddress grantee) {
        return Mono.fromRunnable(() -> AuditAccess.requireGrantee(viewer, grantee));
    }
}
