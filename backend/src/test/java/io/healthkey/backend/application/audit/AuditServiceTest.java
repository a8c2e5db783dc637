package io.healthkey.backend.application.audit;

import static io.healthkey.backend.support.DomainErrors.assertFailsWith;
import static io.healthkey.backend.support.DomainErrors.assertPassesOn;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.application.outbox.ChainRequestPort;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.ChainRequestStatus;
import io.healthkey.backend.domain.chain.GrantIntent;
import io.healthkey.backend.domain.chain.Intent;
import io.healthkey.backend.domain.chain.RevocationIntent;
import io.healthkey.backend.domain.chain.SubjectOnlyIntent;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.consent.ConsentChange;
import io.healthkey.backend.domain.consent.RelayedConsent;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.backend.domain.record.LoggedRead;
import io.healthkey.backend.domain.record.ReadEntry;
import io.healthkey.backend.domain.record.ReaderKey;
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

    private static final EthAddress CONSENT_REGISTRY = EthAddress.parse("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512");

    private final RecordStack stack = new RecordStack(DefaultDataBufferFactory.sharedInstance);
    private final InMemoryRelayedConsents relayed = new InMemoryRelayedConsents();
    private final AuditUseCase audit = new AuditService(stack.records, stack.readLog, stack.requests,
            stack.index.indexer(), stack.index, relayed);
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

        StepVerifier.create(audit.records(patient, patient))
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
    void everyAuditViewIsRefusedToAnyoneButThePatientWithRequest0007() {
        assertFailsWith(audit.records(provider, patient).collectList(), ErrorCode.REQUEST_NOT_PATIENT);
        assertFailsWith(audit.consents(provider, patient).collectList(), ErrorCode.REQUEST_NOT_PATIENT);
        assertFailsWith(audit.reads(provider, patient).collectList(), ErrorCode.REQUEST_NOT_PATIENT);
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

        StepVerifier.create(audit.reads(patient, patient).map(LoggedRead::entry))
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

        StepVerifier.create(audit.consents(patient, patient))
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

        StepVerifier.create(audit.consents(patient, patient))
                .assertNext(change -> {
                    assertThat(change.status()).isEqualTo(ConsentChange.Status.MINED);
                    assertThat(change.request()).contains(sent);
                })
                .verifyComplete();
    }

    @Test
    void consentsWhileTheIndexDatabaseIsDownFailWithItsError() {
        RuntimeException databaseDown = stack.index.outage.beginDatabaseDown();

        assertPassesOn(audit.consents(patient, patient), databaseDown);
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
                new SlowFind(stack.requests, Duration.ofMillis(700)), stack.index.indexer(), stack.index, relayed);

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
}
