package io.healthkey.backend.application.audit;

import static io.healthkey.backend.support.DomainErrors.assertFailsWith;
import static io.healthkey.backend.support.DomainErrors.assertPassesOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import io.healthkey.backend.application.availability.AvailabilityViewUseCase;
import io.healthkey.backend.application.availability.PinState;
import io.healthkey.backend.application.availability.VersionAvailability;
import io.healthkey.backend.application.outbox.ChainRequestPort;
import io.healthkey.backend.domain.audit.Page;
import io.healthkey.backend.domain.audit.PageCursor;
import io.healthkey.backend.domain.audit.PageRequest;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.ChainRequestStatus;
import io.healthkey.backend.domain.chain.GrantIntent;
import io.healthkey.backend.domain.chain.Intent;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.RevocationIntent;
import io.healthkey.backend.domain.chain.SubjectOnlyIntent;
import io.healthkey.backend.domain.consent.ConsentChange;
import io.healthkey.backend.domain.consent.RelayedConsent;
import io.healthkey.backend.domain.emergency.EmergencyFlag;
import io.healthkey.backend.domain.emergency.EmergencyRead;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.backend.domain.record.ReadEntry;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.backend.support.fakes.InMemoryEmergencyReadFlags;
import io.healthkey.backend.support.fakes.InMemoryRelayedConsents;
import io.healthkey.backend.support.fakes.Participant;
import io.healthkey.backend.support.fakes.RecordStack;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.keywrap.EciesKeyWrap;
import io.healthkey.protocol.keywrap.RecordKey;

/** The patient's own view of their records, readers, consents and reads; chain requests to those they concern. */
class AuditServiceTest {

    private static final PageRequest FIRST = PageRequest.first();
    private static final EthAddress CONSENT_REGISTRY = EthAddress.parse("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512");

    private final RecordStack stack = new RecordStack(DefaultDataBufferFactory.sharedInstance);
    private final InMemoryRelayedConsents relayed = new InMemoryRelayedConsents();
    private final Map<RecordId, VersionAvailability> availabilityAudits = new HashMap<>();
    private final AvailabilityViewUseCase availability = ids -> Mono.just(ids.stream()
            .filter(availabilityAudits::containsKey).collect(Collectors.toMap(id -> id, availabilityAudits::get)));
    private final InMemoryEmergencyReadFlags emergencyFlags = new InMemoryEmergencyReadFlags();
    private final AuditUseCase audit = new AuditService(stack.records, stack.readLog, stack.requests,
            stack.index.indexer(), stack.index, relayed, availability, stack.recovery,
            new EmergencyReadFlags(emergencyFlags));
    private final EthAddress patient = stack.patient.address();
    private final EthAddress provider = stack.provider.address();
    private final GrantKey providerReads = new GrantKey(patient, provider, Bytes32.ZERO, Action.READ.code());

    @Test
    void listsThePatientsVersionsNewestFirstEachWithTheReadersHoldingAKey() {
        RecordKey key = RecordKey.generate();
        RecordId first = stack.anchored(RecordId.of(patient, Category.OBSERVATION, 1), stack.patient, new byte[] {1},
                wrap(key, stack.patient)).id();
        RecordId second = stack.anchored(RecordId.of(patient, Category.CONDITION, 2), stack.patient, new byte[] {2},
                wrap(key, stack.patient), wrap(key, stack.provider)).id();
        stack.anchored(RecordId.of(stack.otherPatient.address(), Category.OBSERVATION, 1), stack.otherPatient,
                new byte[] {3});

        StepVerifier.create(audit.records(patient, patient, FIRST).flatMapIterable(Page::items))
                .assertNext(record -> {
                    assertThat(record.version().id()).isEqualTo(second);
                    assertThat(record.readers()).containsExactlyInAnyOrder(patient, provider);
                })
                .assertNext(record -> {
                    assertThat(record.version().id()).isEqualTo(first);
                    assertThat(record.readers()).containsExactly(patient);
                })
                .verifyComplete();
    }

    @Test
    void marksAVersionTheAvailabilityAuditFoundNowhereAsUnavailable() {
        RecordKey key = RecordKey.generate();
        RecordVersion lost = stack.anchored(RecordId.of(patient, Category.OBSERVATION, 1), stack.patient,
                new byte[] {1}, wrap(key, stack.patient));
        RecordVersion kept = stack.anchored(RecordId.of(patient, Category.OBSERVATION, 2), stack.patient,
                new byte[] {2}, wrap(key, stack.patient));
        availabilityAudits.put(lost.id(), new VersionAvailability(lost.id(), lost.cid().orElseThrow(), RecordStack.NOW,
                Map.of("primary", PinState.MISSING, "service-a", PinState.FAILED)));
        availabilityAudits.put(kept.id(), new VersionAvailability(kept.id(), kept.cid().orElseThrow(), RecordStack.NOW,
                Map.of("primary", PinState.PINNED, "service-a", PinState.UNREACHABLE)));
        RecordVersion unaudited = stack.anchored(RecordId.of(patient, Category.OBSERVATION, 3), stack.patient,
                new byte[] {3}, wrap(key, stack.patient));

        Map<RecordId, AuditedRecord> listed = audit.records(patient, patient, FIRST).block().items().stream()
                .collect(Collectors.toMap(record -> record.version().id(), record -> record));

        assertThat(listed.get(lost.id()).unavailable()).isTrue();
        assertThat(listed.get(lost.id()).availability().orElseThrow().replicas()).isZero();
        assertThat(listed.get(kept.id()).unavailable()).isFalse();
        assertThat(listed.get(kept.id()).availability().orElseThrow().replicas()).isEqualTo(1);
        assertThat(listed.get(unaudited.id()).unavailable()).isFalse();
        assertThat(listed.get(unaudited.id()).availability()).isEmpty();
    }

    @Test
    void everyAuditViewIsRefusedToAnyoneButThePatientWithRequest0007() {
        assertFailsWith(audit.records(provider, patient, FIRST), ErrorCode.REQUEST_NOT_PATIENT);
        assertFailsWith(audit.consents(provider, patient, FIRST), ErrorCode.REQUEST_NOT_PATIENT);
        assertFailsWith(audit.reads(provider, patient, FIRST), ErrorCode.REQUEST_NOT_PATIENT);
    }

    @Test
    void readsAreThePatientsReadLogNewestFirst() {
        RecordId id = RecordId.of(patient, Category.OBSERVATION, 1);
        ReadEntry allowed = new ReadEntry(id, provider, true, Optional.empty(), Optional.of(7L), RecordStack.NOW);
        ReadEntry denied = new ReadEntry(id, stack.stranger.address(), false, Optional.of("ACCESS-0002"),
                Optional.of(8L), RecordStack.NOW.plusSeconds(1));
        stack.readLog.append(allowed).block();
        stack.readLog.append(new ReadEntry(RecordId.of(stack.otherPatient.address(), Category.OBSERVATION, 1),
                provider, true, Optional.empty(), Optional.empty(), RecordStack.NOW)).block();
        stack.readLog.append(denied).block();

        StepVerifier.create(audit.reads(patient, patient, FIRST).flatMapIterable(Page::items)
                        .map(audited -> audited.read().entry()))
                .expectNext(denied, allowed)
                .verifyComplete();
    }

    @Test
    void consentsShowARevocationAcceptedHereAboveTheGrantsTheIndexHolds() {
        ChainEvent.Consent grant = grantEvent(providerReads, "0x" + "01".repeat(32));
        stack.index.index(grant);
        ChainRequest revocation = request(RelayKind.REVOCATION, new RevocationIntent(provider, Scope.all(), Action.READ,
                Optional.empty()));
        relayed.add(new RelayedConsent(revocation, Set.of()));

        StepVerifier.create(audit.consents(patient, patient, FIRST).flatMapIterable(Page::items))
                .assertNext(change -> {
                    assertThat(change.kind()).isEqualTo(ConsentChange.Kind.REVOKED);
                    assertThat(change.status()).isEqualTo(ConsentChange.Status.PENDING);
                    assertThat(change.request()).contains(revocation);
                })
                .assertNext(change -> {
                    assertThat(change.kind()).isEqualTo(ConsentChange.Kind.GRANTED);
                    assertThat(change.status()).isEqualTo(ConsentChange.Status.MINED);
                    assertThat(change.event()).contains(grant.at());
                })
                .verifyComplete();
    }

    @Test
    void aRequestWhoseEventTheIndexHoldsShowsOnceAsMinedWithTheRequest() {
        String transaction = "0x" + "02".repeat(32);
        ChainEvent.Consent grant = grantEvent(providerReads, transaction);
        stack.index.index(grant);
        ChainRequest sent = request(RelayKind.GRANT, new GrantIntent(provider, Scope.all(), Action.READ, Purpose.ofCode(1),
                Instant.ofEpochSecond(grant.expiresAt()), Optional.empty(), List.of()));
        relayed.add(new RelayedConsent(sent, Set.of(transaction)));

        StepVerifier.create(audit.consents(patient, patient, FIRST).flatMapIterable(Page::items))
                .assertNext(change -> {
                    assertThat(change.status()).isEqualTo(ConsentChange.Status.MINED);
                    assertThat(change.request()).contains(sent);
                })
                .verifyComplete();
    }

    @Test
    void consentsWhileTheIndexDatabaseIsDownFailWithItsError() {
        RuntimeException databaseDown = stack.index.outage.beginDatabaseDown();

        assertPassesOn(audit.consents(patient, patient, FIRST), databaseDown);
    }

    @Test
    void aChainRequestIsShownToTheAccountThatMadeItAndThePatientItConcernsOnly() {
        ChainRequest request = request(RelayKind.GRANT, SubjectOnlyIntent.INSTANCE);
        stack.requests.save(request).block();

        StepVerifier.create(audit.chainRequest(patient, request.id())).expectNext(request).verifyComplete();
        assertFailsWith(audit.chainRequest(stack.stranger.address(), request.id()),
                ErrorCode.CHAIN_NO_SUCH_TRANSACTION);
        assertFailsWith(audit.chainRequest(patient, "no-such-request"), ErrorCode.CHAIN_NO_SUCH_TRANSACTION);
    }

    @Test
    void followingAFinalRequestAnswersItOnceAndCompletes() {
        ChainRequest failed = request(RelayKind.GRANT, SubjectOnlyIntent.INSTANCE)
                .failed("CONSENT-0003", "nonce used", RecordStack.NOW);
        stack.requests.save(failed).block();

        StepVerifier.create(audit.chainRequestChanges(patient, failed.id())).expectNext(failed).verifyComplete();
    }

    @Test
    void followingARequestAnswersEachStatusChangeUntilItIsFinal() {
        ChainRequest accepted = request(RelayKind.GRANT, SubjectOnlyIntent.INSTANCE);
        ChainRequest sent = accepted.sent("tx-1", RecordStack.NOW.plusSeconds(1));
        ChainRequest confirmed = sent.mined(new MinedTransaction("0x" + "03".repeat(32), 60, 50_000),
                RecordStack.NOW.plusSeconds(2)).confirmed(RecordStack.NOW.plusSeconds(3));
        stack.requests.save(accepted).block();

        StepVerifier.withVirtualTime(() -> audit.chainRequestChanges(patient, accepted.id()))
                .expectNext(accepted)
                .thenAwait(Duration.ofSeconds(1))
                .expectNoEvent(Duration.ofSeconds(1))
                .then(() -> stack.requests.save(sent).block())
                .thenAwait(Duration.ofMillis(200))
                .expectNext(sent)
                .then(() -> stack.requests.save(confirmed).block())
                .thenAwait(Duration.ofMillis(200))
                .expectNext(confirmed)
                .verifyComplete();
    }

    @Test
    void aReadSlowerThanThePollSkipsTicksInsteadOfFailingTheStream() {
        ChainRequest accepted = request(RelayKind.ANCHOR, SubjectOnlyIntent.INSTANCE);
        ChainRequest confirmed = accepted.sent("tx-1", RecordStack.NOW.plusSeconds(1))
                .mined(new MinedTransaction("0x" + "04".repeat(32), 61, 40_000), RecordStack.NOW.plusSeconds(2))
                .confirmed(RecordStack.NOW.plusSeconds(3));
        stack.requests.save(accepted).block();
        AuditUseCase slowDatabase = new AuditService(stack.records, stack.readLog,
                new SlowFind(stack.requests, Duration.ofMillis(700)), stack.index.indexer(), stack.index, relayed,
                availability, stack.recovery, new EmergencyReadFlags(emergencyFlags));

        StepVerifier.withVirtualTime(() -> slowDatabase.chainRequestChanges(patient, accepted.id()))
                .thenAwait(Duration.ofMillis(700))
                .expectNext(accepted)
                .thenAwait(Duration.ofSeconds(3))
                .then(() -> stack.requests.save(confirmed).block())
                .thenAwait(Duration.ofSeconds(3))
                .expectNext(confirmed)
                .verifyComplete();
    }

    /** The outbox's requests, each {@code find} answered only after {@code delay}: a database under load. */
    private record SlowFind(ChainRequestPort requests, Duration delay) implements ChainRequestPort {

        @Override
        public Mono<ChainRequest> find(String id) {
            return Mono.delay(delay).then(requests.find(id));
        }

        @Override
        public Mono<Void> save(ChainRequest request) {
            return requests.save(request);
        }

        @Override
        public Mono<Void> insert(ChainRequest request) {
            return requests.insert(request);
        }

        @Override
        public Flux<ChainRequest> waiting(int limit) {
            return requests.waiting(limit);
        }

        @Override
        public Flux<ChainRequest> carriedBy(String outboxTransactionId) {
            return requests.carriedBy(outboxTransactionId);
        }

        @Override
        public Flux<ChainRequest> carriedByAny(Collection<String> outboxTransactionIds) {
            return requests.carriedByAny(outboxTransactionIds);
        }

        @Override
        public Flux<ChainRequest> unsettled(EthAddress account) {
            return requests.unsettled(account);
        }

        @Override
        public Flux<EthAddress> sendingAccounts() {
            return requests.sendingAccounts();
        }

        @Override
        public Mono<Map<ChainRequestStatus, Long>> countByStatus() {
            return requests.countByStatus();
        }
    }

    private ChainRequest request(RelayKind kind, Intent intent) {
        return ChainRequest.accepted("request-" + kind, kind, provider, patient, patient.toString(),
                new ChainCall(CONSENT_REGISTRY, "0x1234"), intent, RecordStack.NOW);
    }

    private static ChainEvent.Consent grantEvent(GrantKey key, String transaction) {
        return new ChainEvent.Consent(new LogPosition(40, 0, "0x" + "0b".repeat(32), transaction,
                RecordStack.NOW.getEpochSecond()), CONSENT_REGISTRY, key, 1, RecordStack.NOW.getEpochSecond() + 86_400,
                false);
    }

    private static ReaderKey wrap(RecordKey key, Participant reader) {
        return new ReaderKey(reader.address(), new EciesKeyWrap().wrap(key, reader.publicKey()));
    }

    /**
     * Every audit list pages by cursor: walking the pages shows each item once, in the list's order, however many
     * items arrive meanwhile; a cursor of another list, or whose key does not fit, is AUDIT-0001.
     */
    @Nested
    class Pages {

        @Test
        void readsPageNewestFirstAndReadsArrivingMeanwhileNeitherShiftNorRepeatLaterPages() {
            logReads(1, 7);
            Page<AuditedRead> first = audit.reads(patient, patient, new PageRequest(3, Optional.empty())).block();
            logReads(8, 9);
            Page<AuditedRead> second = audit.reads(patient, patient, new PageRequest(3, first.next())).block();
            Page<AuditedRead> third = audit.reads(patient, patient, new PageRequest(3, second.next())).block();

            assertThat(ids(first)).containsExactly(7L, 6L, 5L);
            assertThat(ids(second)).containsExactly(4L, 3L, 2L);
            assertThat(ids(third)).containsExactly(1L);
            assertThat(third.next()).isEmpty();
            assertThat(ids(audit.reads(patient, patient, new PageRequest(2, Optional.empty())).block()))
                    .as("the new reads head the first page").containsExactly(9L, 8L);
        }

        @Test
        void aPageOfExactlyTheRemainingItemsSaysThereIsNoNextPage() {
            logReads(1, 4);

            Page<AuditedRead> page = audit.reads(patient, patient, new PageRequest(4, Optional.empty())).block();

            assertThat(ids(page)).containsExactly(4L, 3L, 2L, 1L);
            assertThat(page.next()).isEmpty();
        }

        @Test
        void recordsPageByHighestSerialFirstEachOnce() {
            for (int serial = 1; serial <= 5; serial++) {
                stack.anchored(RecordId.of(patient, serial % 2 == 0 ? Category.CONDITION : Category.OBSERVATION, serial),
                        stack.patient, new byte[] {(byte) serial});
            }

            List<RecordId> seen = walk(page -> audit.records(patient, patient, page), 2,
                    record -> record.version().id());

            assertThat(seen).extracting(id -> id.serial().intValue()).containsExactly(5, 4, 3, 2, 1);
        }

        @Test
        void consentsPageFromThePendingRequestsIntoTheMinedEventsEachOnce() {
            for (int block = 1; block <= 3; block++) {
                stack.index.index(grant(block));
            }
            for (int i = 0; i < 2; i++) {
                relayed.add(new RelayedConsent(revocation("revocation-" + i, i), Set.of()));
            }

            List<String> seen = walk(page -> audit.consents(patient, patient, page), 2, change ->
                    change.status() + "@" + change.event().map(at -> Long.toString(at.blockNumber()))
                            .orElseGet(() -> change.request().orElseThrow().id()));

            assertThat(seen).containsExactly("PENDING@revocation-1", "PENDING@revocation-0", "MINED@3", "MINED@2",
                    "MINED@1");
        }

        @Test
        void aCursorOfAnotherListOrWithAKeyThatDoesNotFitIsAudit0001() {
            PageRequest readsCursor = new PageRequest(5, Optional.of(PageCursor.of(AuditUseCase.READS, "4")));
            assertFailsWith(audit.records(patient, patient, readsCursor), ErrorCode.AUDIT_MALFORMED_CURSOR);
            assertFailsWith(audit.consents(patient, patient, readsCursor), ErrorCode.AUDIT_MALFORMED_CURSOR);
            for (String key : List.of("0", "-3", "four")) {
                assertFailsWith(audit.reads(patient, patient, new PageRequest(5,
                        Optional.of(PageCursor.of(AuditUseCase.READS, key)))), ErrorCode.AUDIT_MALFORMED_CURSOR);
            }
            assertFailsWith(audit.records(patient, patient, new PageRequest(5,
                    Optional.of(PageCursor.of(AuditUseCase.RECORDS, "0x12")))), ErrorCode.AUDIT_MALFORMED_CURSOR);
            assertFailsWith(audit.consents(patient, patient, new PageRequest(5,
                    Optional.of(PageCursor.of(AuditUseCase.CONSENTS, "x", "1", "2", "-")))), ErrorCode.AUDIT_MALFORMED_CURSOR);
        }

        @Test
        void aCursorDoesNotLetAnyoneButThePatientIn() {
            logReads(1, 2);
            PageRequest page = new PageRequest(5, Optional.of(PageCursor.of(AuditUseCase.READS, "3")));

            assertFailsWith(audit.reads(stack.stranger.address(), patient, page), ErrorCode.REQUEST_NOT_PATIENT);
        }

        /** Every item of a list, page after page of {@code limit}, by the cursor each page gives. */
        private <T, K> List<K> walk(Function<PageRequest, Mono<Page<T>>> list, int limit, Function<T, K> key) {
            List<K> seen = new ArrayList<>();
            Optional<PageCursor> after = Optional.empty();
            for (int pages = 0; pages < 100; pages++) {
                Page<T> page = list.apply(new PageRequest(limit, after)).block();
                assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
                page.items().stream().map(key).forEach(seen::add);
                if (page.next().isEmpty()) {
                    return seen;
                }
                after = page.next();
            }
            throw new AssertionError("no last page after 100 pages");
        }

        private void logReads(long from, long to) {
            for (long i = from; i <= to; i++) {
                stack.readLog.append(new ReadEntry(RecordId.of(patient, Category.OBSERVATION, i), stack.provider.address(),
                        true, Optional.empty(), Optional.of(7L), RecordStack.NOW.plusSeconds(i))).block();
            }
        }

        private static List<Long> ids(Page<AuditedRead> page) {
            return page.items().stream().map(audited -> audited.read().id()).toList();
        }

        private ChainEvent.Consent grant(long block) {
            GrantKey key = new GrantKey(patient, stack.provider.address(), Bytes32.ZERO, Action.READ.code());
            return new ChainEvent.Consent(new LogPosition(block, 0, "0x" + "0b".repeat(32),
                    "0x" + "%064x".formatted(block), RecordStack.NOW.getEpochSecond() + block), CONSENT_REGISTRY, key, 1,
                    RecordStack.NOW.getEpochSecond() + 86_400, false);
        }

        private ChainRequest revocation(String id, int secondsLater) {
            return ChainRequest.accepted(id, RelayKind.REVOCATION, patient, patient, patient.toString(),
                    new ChainCall(CONSENT_REGISTRY, "0x1234"), new RevocationIntent(stack.provider.address(), Scope.all(),
                            Action.READ, Optional.empty()), RecordStack.NOW.plusSeconds(secondsLater));
        }
    }

    /**
     * Each read of the patient's audit carries the emergency window it was made through, joined from the flags beside
     * the read log in one look-up per page; the pages themselves are the read log's.
     */
    @Nested
    class EmergencyReads {

        private final EmergencyFlag window = new EmergencyFlag(RecordStack.NOW.plusSeconds(3_600),
                "0x" + "e1".repeat(32));

        @Test
        void aPageShowsFlaggedAndUnflaggedReadsEachWithItsOwnFlagInOneLookup() {
            for (long serial = 1; serial <= 4; serial++) {
                logRead(serial, provider);
            }
            flag(2, provider, patient);
            flag(4, provider, patient);
            flag(3, provider, stack.otherPatient.address());

            Page<AuditedRead> page = audit.reads(patient, patient, FIRST).block();

            assertThat(page.items()).extracting(read -> read.read().id(), AuditedRead::emergency).containsExactly(
                    tuple(4L, Optional.of(window)), tuple(3L, Optional.empty()), tuple(2L, Optional.of(window)),
                    tuple(1L, Optional.empty()));
            assertThat(emergencyFlags.lookups).as("one look-up for the page, not one per row").hasValue(1);
        }

        @Test
        void pagingAcrossFlaggedReadsKeepsTheReadLogsPagesAndEachFlagOnItsRow() {
            for (long serial = 1; serial <= 7; serial++) {
                logRead(serial, provider);
            }
            flag(3, provider, patient);
            flag(4, provider, patient);
            flag(5, provider, patient);

            Page<AuditedRead> first = audit.reads(patient, patient, new PageRequest(3, Optional.empty())).block();
            Page<AuditedRead> second = audit.reads(patient, patient, new PageRequest(3, first.next())).block();
            Page<AuditedRead> third = audit.reads(patient, patient, new PageRequest(3, second.next())).block();

            assertThat(flags(first)).containsExactly(tuple(7L, false), tuple(6L, false), tuple(5L, true));
            assertThat(flags(second)).containsExactly(tuple(4L, true), tuple(3L, true), tuple(2L, false));
            assertThat(flags(third)).containsExactly(tuple(1L, false));
            assertThat(third.next()).isEmpty();
            assertThat(emergencyFlags.lookups).hasValue(3);
        }

        @Test
        void onlyTheEmergencyReadersAllowedReadIsFlaggedNotAnotherReadOfTheSameRecordAtTheSameTime() {
            RecordId record = RecordId.of(patient, Category.OBSERVATION, 1);
            Instant at = RecordStack.NOW.plusSeconds(1);
            stack.readLog.append(new ReadEntry(record, provider, true, Optional.empty(), Optional.empty(), at)).block();
            stack.readLog.append(new ReadEntry(record, stack.stranger.address(), true, Optional.empty(),
                    Optional.empty(), at)).block();
            stack.readLog.append(new ReadEntry(record, provider, false, Optional.of("EMERGENCY-0022"),
                    Optional.empty(), at)).block();
            flag(1, provider, patient);

            assertThat(flags(audit.reads(patient, patient, FIRST).block()))
                    .containsExactly(tuple(3L, false), tuple(2L, false), tuple(1L, true));
        }

        @Test
        void aPageWithoutAnAllowedReadNeedsNoLookup() {
            stack.readLog.append(new ReadEntry(RecordId.of(patient, Category.OBSERVATION, 1), provider, false,
                    Optional.of("ACCESS-0002"), Optional.empty(), RecordStack.NOW)).block();

            assertThat(flags(audit.reads(patient, patient, FIRST).block())).containsExactly(tuple(1L, false));
            assertThat(emergencyFlags.lookups).hasValue(0);
        }

        private void logRead(long serial, EthAddress reader) {
            stack.readLog.append(new ReadEntry(RecordId.of(patient, Category.OBSERVATION, serial), reader, true,
                    Optional.empty(), Optional.of(7L), RecordStack.NOW.plusSeconds(serial))).block();
        }

        /** Flags the read of record {@code serial} of {@code owner} that {@code reader} made at NOW + serial. */
        private void flag(long serial, EthAddress reader, EthAddress owner) {
            emergencyFlags.flagged.add(new EmergencyRead(RecordId.of(owner, Category.OBSERVATION, serial), reader,
                    RecordStack.NOW.plusSeconds(serial), window.windowUntil(), window.windowTransaction()));
        }

        private static List<Tuple> flags(Page<AuditedRead> page) {
            return page.items().stream().map(read -> tuple(read.read().id(), read.isEmergency())).toList();
        }
    }
}
