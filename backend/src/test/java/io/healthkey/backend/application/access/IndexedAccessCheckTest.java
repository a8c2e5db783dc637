package io.healthkey.backend.application.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.access.ExplainedAccessDecision.AnsweredBy;
import io.healthkey.backend.application.consent.ConsentRegistryPort;
import io.healthkey.backend.application.index.CaregiverPairs;
import io.healthkey.backend.application.index.EventIndexQueryPort;
import io.healthkey.backend.application.index.EventIndexer;
import io.healthkey.backend.application.index.IndexLookups;
import io.healthkey.backend.application.index.IndexProjections;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.consent.AccessDecision;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.consent.PendingCaregiverRevocation;
import io.healthkey.backend.domain.consent.PendingRevocation;
import io.healthkey.backend.domain.consent.SignedGrant;
import io.healthkey.backend.domain.consent.SignedNonceCancellation;
import io.healthkey.backend.domain.consent.SignedRevocation;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.GrantState;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.backend.domain.index.ProviderState;
import io.healthkey.backend.domain.record.AnchoredRecord;
import io.healthkey.backend.support.fakes.FakeEventIndex;
import io.healthkey.backend.support.fakes.InMemoryCaregiverEvents;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;

/**
 * When the index answers, when the chain does, that an unanswerable check is a denial, and that revocations accepted
 * here deny until what answers includes them.
 */
class IndexedAccessCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-26T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final EthAddress PATIENT = EthAddress.parse("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
    private static final EthAddress GRANTEE = EthAddress.parse("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65");
    private static final AccessQuery QUERY = new AccessQuery(PATIENT, GRANTEE,
            RecordId.of(PATIENT, Category.OBSERVATION, 1), Action.READ);
    private static final long HEAD = FakeEventIndex.HEAD;

    private static final EthAddress CAREGIVER = EthAddress.parse("0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc");
    private static final GrantKey ALL_READ = new GrantKey(PATIENT, GRANTEE, Bytes32.ZERO, Action.READ.code());

    private final List<GrantState> grants = new ArrayList<>();
    private final List<PendingRevocation> revocations = new ArrayList<>();
    private final List<PendingCaregiverRevocation> caregiverRevocations = new ArrayList<>();
    private final List<RelayedGrant> relayedGrants = new ArrayList<>();
    private final AtomicInteger revocationLookups = new AtomicInteger();
    private boolean revocationsFail;
    private final AtomicInteger chainCalls = new AtomicInteger();
    private Mono<AccessDecision> chainAnswer;
    private boolean indexFails;
    private EventIndexer indexer;
    private IndexedAccessCheck check;
    private final InMemoryCaregiverEvents caregiverEvents = new InMemoryCaregiverEvents();

    @BeforeEach
    void currentIndex() {
        indexer = FakeEventIndex.indexedUpToHead(CLOCK);
        // its projections are never folded: every lookup reaches the stored events, which this test scripts
        check = new IndexedAccessCheck(indexer, new IndexLookups(new IndexProjections(), new Projections()),
                new PendingRevocations(new Outbox(), CLOCK, Duration.ZERO, () -> -1), new Chain(),
                new CaregiverPairs(caregiverEvents), caregiverEvents, CLOCK);
        chainAnswer = Mono.just(new AccessDecision(QUERY, false, HEAD));
    }

    @Test
    void aCurrentIndexAnswersWithoutTheChain() {
        grants.add(new GrantState(Bytes32.ZERO, NOW.getEpochSecond() + 3600, false, HEAD));
        assertThat(check.check(QUERY).block()).isEqualTo(new AccessDecision(QUERY, true, HEAD));
        assertThat(chainCalls).hasValue(0);
    }

    @Test
    void aGranteeOfACaregiverIsAnsweredByTheChainWhichEndsItsGrantWithTheCaregiver() {
        grants.add(new GrantState(Bytes32.ZERO, NOW.getEpochSecond() + 3600, false, HEAD));
        caregiverEvents.events.add(new ChainEvent.CaregiverConsent(new LogPosition(HEAD, 1, "0x" + "b".repeat(64),
                "0x" + "c".repeat(64), NOW.getEpochSecond()), PATIENT, CAREGIVER, ALL_READ, 1, false));
        chainAnswer = Mono.just(new AccessDecision(QUERY, false, HEAD));

        assertThat(check.check(QUERY).block().allowed()).as("the index's grant slot still says granted").isFalse();
        assertThat(chainCalls).hasValue(1);
    }

    @Test
    void aCaregiverReadingByItsAppointmentIsAnsweredByTheChain() {
        caregiverEvents.events.add(new ChainEvent.CaregiverChange(new LogPosition(HEAD, 1, "0x" + "b".repeat(64),
                "0x" + "c".repeat(64), NOW.getEpochSecond()), PATIENT, PATIENT, GRANTEE, Optional.of(PATIENT),
                List.of(Bytes32.ZERO), 1, NOW.getEpochSecond() + 3600, 1, false));
        chainAnswer = Mono.just(new AccessDecision(QUERY, true, HEAD));

        assertThat(check.check(QUERY).block()).as("no grant slot, yet the chain allows")
                .isEqualTo(new AccessDecision(QUERY, true, HEAD));
        assertThat(chainCalls).hasValue(1);
    }

    @Test
    void anIndexBehindABlockThisServiceSawMinedLeavesItToTheChain() {
        grants.add(new GrantState(Bytes32.ZERO, NOW.getEpochSecond() + 3600, false, HEAD));
        check.observeMined(HEAD + 1);
        assertThat(check.check(QUERY).block().allowed()).isFalse();
        assertThat(chainCalls).hasValue(1);
    }

    @Test
    void aChainThatCannotAnswerMeansNo() {
        check.observeMined(HEAD + 1);
        chainAnswer = Mono.error(new DomainException(ErrorCode.CHAIN_UNAVAILABLE, "node down"));
        assertThat(check.check(QUERY).block()).isEqualTo(new AccessDecision(QUERY, false, -1));
    }

    @Test
    void aPendingRevocationDeniesEvenWhereTheChainWouldAllow() {
        grants.add(new GrantState(Bytes32.ZERO, NOW.getEpochSecond() + 3600, false, HEAD));
        chainAnswer = Mono.just(new AccessDecision(QUERY, true, HEAD));
        revocations.add(new PendingRevocation(ALL_READ, OptionalLong.empty()));
        assertThat(check.check(QUERY).block().allowed()).isFalse();
        check.observeMined(HEAD + 1);
        assertThat(check.check(QUERY).block().allowed()).as("index behind too").isFalse();
        assertThat(chainCalls).hasValue(0);
    }

    @Test
    void aRevocationMinedAboveTheIndexedHeadDeniesAndTheChainAnswersForIt() {
        grants.add(new GrantState(Bytes32.ZERO, NOW.getEpochSecond() + 3600, false, HEAD));
        revocations.add(new PendingRevocation(ALL_READ, OptionalLong.of(HEAD + 1)));
        assertThat(check.check(QUERY).block()).isEqualTo(new AccessDecision(QUERY, false, HEAD));
        assertThat(chainCalls).hasValue(0);

        check.observeMined(HEAD + 1);
        chainAnswer = Mono.just(new AccessDecision(QUERY, false, HEAD + 1));
        assertThat(check.check(QUERY).block()).as("the chain's latest block holds it")
                .isEqualTo(new AccessDecision(QUERY, false, HEAD + 1));
        assertThat(chainCalls).hasValue(1);
    }

    @Test
    void aRevocationTheIndexHoldsIsTheIndexsToAnswer() {
        // the slot was granted again after the revocation: the index, which holds both, allows
        grants.add(new GrantState(Bytes32.ZERO, NOW.getEpochSecond() + 3600, false, HEAD));
        revocations.add(new PendingRevocation(ALL_READ, OptionalLong.of(HEAD - 1)));
        assertThat(check.check(QUERY).block().allowed()).isTrue();
    }

    @Test
    void aPendingRevocationOfAnotherSlotDoesNotDeny() {
        grants.add(new GrantState(Bytes32.ZERO, NOW.getEpochSecond() + 3600, false, HEAD));
        revocations.add(new PendingRevocation(new GrantKey(PATIENT, GRANTEE, Bytes32.ZERO, Action.WRITE.code()),
                OptionalLong.empty()));
        revocations.add(new PendingRevocation(new GrantKey(PATIENT, GRANTEE,
                RecordId.of(PATIENT, Category.OBSERVATION, 2).toBytes32(), Action.READ.code()), OptionalLong.empty()));
        assertThat(check.check(QUERY).block().allowed()).isTrue();
    }

    @Test
    void pendingRevocationsThatCannotBeReadDeny() {
        grants.add(new GrantState(Bytes32.ZERO, NOW.getEpochSecond() + 3600, false, HEAD));
        chainAnswer = Mono.just(new AccessDecision(QUERY, true, HEAD));
        revocationsFail = true;
        assertThat(check.check(QUERY).block()).isEqualTo(new AccessDecision(QUERY, false, -1));
        assertThat(chainCalls).hasValue(0);
    }

    @Test
    void eachDecisionSaysWhichSourceAnsweredIt() {
        grants.add(new GrantState(Bytes32.ZERO, NOW.getEpochSecond() + 3600, false, HEAD));
        assertThat(check.explain(QUERY).block()).isEqualTo(new ExplainedAccessDecision(
                new AccessDecision(QUERY, true, HEAD), AnsweredBy.INDEX));

        revocations.add(new PendingRevocation(ALL_READ, OptionalLong.empty()));
        assertThat(check.explain(QUERY).block()).isEqualTo(new ExplainedAccessDecision(
                new AccessDecision(QUERY, false, HEAD), AnsweredBy.PENDING_REVOCATION));

        check.observeMined(HEAD + 1);
        assertThat(check.explain(QUERY).block().answeredBy()).as("index behind, revocation pending")
                .isEqualTo(AnsweredBy.PENDING_REVOCATION);

        revocations.clear();
        assertThat(check.explain(QUERY).block()).isEqualTo(new ExplainedAccessDecision(
                new AccessDecision(QUERY, false, HEAD), AnsweredBy.CHAIN));

        chainAnswer = Mono.error(new DomainException(ErrorCode.CHAIN_UNAVAILABLE, "node down"));
        assertThat(check.explain(QUERY).block()).isEqualTo(new ExplainedAccessDecision(
                new AccessDecision(QUERY, false, -1), AnsweredBy.UNAVAILABLE));
    }

    @Test
    void aPendingRevocationOfAnotherSlotLeavesTheAnswerToTheIndex() {
        grants.add(new GrantState(Bytes32.ZERO, NOW.getEpochSecond() + 3600, false, HEAD));
        revocations.add(new PendingRevocation(new GrantKey(PATIENT, GRANTEE, Bytes32.ZERO, Action.WRITE.code()),
                OptionalLong.empty()));
        assertThat(check.explain(QUERY).block().answeredBy()).isEqualTo(AnsweredBy.INDEX);
    }

    @Test
    void denialsAndThePatientsOwnChecksReadNoPendingRevocations() {
        assertThat(check.check(QUERY).block().allowed()).as("no grant").isFalse();
        var own = new AccessQuery(PATIENT, PATIENT, QUERY.record(), Action.READ);
        assertThat(check.check(own).block().allowed()).isTrue();
        assertThat(revocationLookups).hasValue(0);
    }

    @Test
    void aPatientAskingAboutAnotherPatientsRecordAsTheirOwnGranteeIsDenied() {
        var selfOnOthersRecord = new AccessQuery(GRANTEE, GRANTEE, QUERY.record(), Action.READ);
        grants.add(new GrantState(Bytes32.ZERO, NOW.getEpochSecond() + 3600, false, 1));
        assertThat(check.explain(selfOnOthersRecord).block())
                .isEqualTo(new ExplainedAccessDecision(new AccessDecision(selfOnOthersRecord, false, HEAD),
                        AnsweredBy.INDEX));
        assertThat(chainCalls).hasValue(0);
    }

    @Test
    void withoutACurrentIndexAPatientOnAnotherPatientsRecordStillHasPendingRevocationsRead() {
        var selfOnOthersRecord = new AccessQuery(GRANTEE, GRANTEE, QUERY.record(), Action.READ);
        check.observeMined(HEAD + 1);
        assertThat(check.check(selfOnOthersRecord).block().allowed()).isFalse();
        assertThat(revocationLookups).as("not treated as the patient's own record").hasValue(1);
        assertThat(chainCalls).hasValue(1);
    }

    @Test
    void anExpiryNearTheHeadsTimeAndAFailingIndexAreLeftToTheChain() {
        grants.add(new GrantState(Bytes32.fromUint256(BigInteger.valueOf(2)), NOW.getEpochSecond() + 30, false, 1));
        chainAnswer = Mono.just(new AccessDecision(QUERY, true, HEAD));
        assertThat(check.check(QUERY).block().allowed()).isTrue();
        assertThat(chainCalls).hasValue(1);
        indexFails = true;
        assertThat(check.check(QUERY).block().allowed()).isTrue();
        assertThat(chainCalls).hasValue(2);
    }

    private static final EthAddress OTHER_PATIENT = EthAddress.parse("0x14dc79964da2c08b23698b3d3cc7ca32193d9955");
    private static final EthAddress SUB_CAREGIVER = EthAddress.parse("0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f");
    private static final EthAddress DIRECT_GRANTEE = EthAddress.parse("0xa0ee7a142d267c1f36714e4a8f75612f20a79720");

    /** CAREGIVER appointed by PATIENT; it granted GRANTEE all-records READ and appointed SUB_CAREGIVER. */
    private void caregiverWhoGrantedAndAppointed() {
        caregiverEvents.events.add(new ChainEvent.CaregiverChange(at(1), PATIENT, PATIENT, CAREGIVER,
                Optional.of(PATIENT), List.of(Bytes32.ZERO), 7, NOW.getEpochSecond() + 3600, 1, false));
        caregiverEvents.events.add(new ChainEvent.CaregiverConsent(at(2), PATIENT, CAREGIVER, ALL_READ, 1, false));
        caregiverEvents.events.add(new ChainEvent.CaregiverChange(at(3), PATIENT, PATIENT, SUB_CAREGIVER,
                Optional.of(CAREGIVER), List.of(Bytes32.ZERO), 1, NOW.getEpochSecond() + 3600, 1, false));
        grants.add(new GrantState(Bytes32.ZERO, NOW.getEpochSecond() + 3600, false, HEAD)); // the slot GRANTEE holds
        chainAnswer = Mono.just(new AccessDecision(QUERY, true, HEAD)); // the chain has not seen the revocation
    }

    private static LogPosition at(int logIndex) {
        return new LogPosition(HEAD - 5, logIndex, "0x" + "b".repeat(64), "0x" + "c".repeat(64), NOW.getEpochSecond());
    }

    private static AccessQuery readBy(EthAddress patient, EthAddress reader) {
        return new AccessQuery(patient, reader, RecordId.of(patient, Category.OBSERVATION, 1), Action.READ);
    }

    @Test
    void aCaregiverRevocationAcceptedHereDeniesTheCaregiverItsGranteesAndItsAppointeesAtOnce() {
        caregiverWhoGrantedAndAppointed();
        assertThat(check.check(readBy(PATIENT, CAREGIVER)).block().allowed()).as("before the 202").isTrue();

        check.markCaregiverRevocationPending(PATIENT, CAREGIVER);

        for (EthAddress reader : List.of(CAREGIVER, GRANTEE, SUB_CAREGIVER)) {
            assertThat(check.explain(readBy(PATIENT, reader)).block()).as(reader.toString())
                    .isEqualTo(new ExplainedAccessDecision(new AccessDecision(readBy(PATIENT, reader), false, HEAD),
                            AnsweredBy.PENDING_REVOCATION));
        }
    }

    @Test
    void aPendingCaregiverRevocationLeavesOtherReadersOtherSlotsAndOtherPatientsAlone() {
        caregiverWhoGrantedAndAppointed();
        caregiverEvents.events.add(new ChainEvent.CaregiverChange(at(4), PATIENT, OTHER_PATIENT, CAREGIVER,
                Optional.of(OTHER_PATIENT), List.of(Bytes32.ZERO), 1, NOW.getEpochSecond() + 3600, 1, false));
        caregiverRevocations.add(new PendingCaregiverRevocation(PATIENT, CAREGIVER, OptionalLong.empty()));

        assertThat(check.check(readBy(PATIENT, DIRECT_GRANTEE)).block().allowed()).as("granted by the patient")
                .isTrue();
        assertThat(check.check(new AccessQuery(PATIENT, GRANTEE, QUERY.record(), Action.WRITE)).block().allowed())
                .as("a slot the caregiver did not grant: the chain's to answer").isTrue();
        assertThat(check.check(readBy(OTHER_PATIENT, CAREGIVER)).block().allowed())
                .as("the caregiver for another patient").isTrue();
        assertThat(chainCalls).as("the grantee's other slot and the other patient's caregiver").hasValue(2);
        assertThat(check.check(readBy(PATIENT, PATIENT)).block().allowed()).as("the patient").isTrue();
    }

    @Test
    void aGrantTheCaregiverSignedThatTheIndexDoesNotHoldYetIsEndedFromTheOutbox() {
        caregiverEvents.events.add(new ChainEvent.CaregiverChange(at(1), PATIENT, PATIENT, CAREGIVER,
                Optional.of(PATIENT), List.of(Bytes32.ZERO), 5, NOW.getEpochSecond() + 3600, 1, false));
        check.observeMined(HEAD + 1); // the grant was mined; the index has not read it
        chainAnswer = Mono.just(new AccessDecision(QUERY, true, HEAD + 1));
        caregiverRevocations.add(new PendingCaregiverRevocation(PATIENT, CAREGIVER, OptionalLong.empty()));
        assertThat(check.check(QUERY).block().allowed()).as("no grant by the caregiver known").isTrue();

        relayedGrants.add(new RelayedGrant(CAREGIVER, ALL_READ));
        assertThat(check.explain(QUERY).block().answeredBy()).isEqualTo(AnsweredBy.PENDING_REVOCATION);
        relayedGrants.set(0, new RelayedGrant(DIRECT_GRANTEE, ALL_READ));
        assertThat(check.check(QUERY).block().allowed()).as("signed by someone else").isTrue();
    }

    @Test
    void aCaregiverRevocationThatFailsOnChainRestoresAccess() {
        caregiverWhoGrantedAndAppointed();
        caregiverRevocations.add(new PendingCaregiverRevocation(PATIENT, CAREGIVER, OptionalLong.empty()));
        assertThat(check.check(readBy(PATIENT, GRANTEE)).block().allowed()).as("pending").isFalse();

        caregiverRevocations.clear(); // FAILED: the outbox no longer reads it
        assertThat(check.explain(readBy(PATIENT, GRANTEE)).block().answeredBy()).isEqualTo(AnsweredBy.CHAIN);
        assertThat(check.check(readBy(PATIENT, CAREGIVER)).block().allowed()).as("the chain still allows").isTrue();
        assertThat(check.check(readBy(PATIENT, GRANTEE)).block().allowed()).isTrue();
    }

    @Test
    void aMinedCaregiverRevocationLeavesTheDenialToTheChain() {
        caregiverWhoGrantedAndAppointed();
        caregiverRevocations.add(new PendingCaregiverRevocation(PATIENT, CAREGIVER, OptionalLong.of(HEAD + 1)));
        check.observeMined(HEAD + 1);
        chainAnswer = Mono.just(new AccessDecision(QUERY, false, HEAD + 1)); // hasAccess: generation moved on

        assertThat(check.explain(readBy(PATIENT, GRANTEE)).block().answeredBy()).isEqualTo(AnsweredBy.CHAIN);
        assertThat(check.check(readBy(PATIENT, CAREGIVER)).block().allowed()).isFalse();
        assertThat(check.check(readBy(PATIENT, GRANTEE)).block().allowed()).isFalse();
    }

    private final class Projections implements EventIndexQueryPort {
        @Override
        public Mono<List<GrantState>> grants(EthAddress patient, EthAddress grantee, int action,
                List<Bytes32> scopes) {
            return indexFails ? Mono.error(new IllegalStateException("database down")) : Mono.just(List.copyOf(grants));
        }

        @Override
        public Mono<Optional<ProviderState>> provider(EthAddress provider) {
            return Mono.just(Optional.empty());
        }

        @Override
        public Mono<AnchoredRecord> anchored(RecordId id) {
            return Mono.empty();
        }

        @Override
        public Flux<AnchoredRecord> anchorsOf(EthAddress patient) {
            return Flux.empty();
        }

        @Override
        public Flux<ChainEvent.Consent> consentEvents(EthAddress patient) {
            return Flux.empty();
        }
    }

    /** The revocations accepted: read at every check ({@code pending-refresh} zero). */
    private final class Outbox implements PendingRevocationPort {
        @Override
        public Flux<PendingRevocation> accepted(long minedAbove) {
            return Flux.defer(() -> {
                revocationLookups.incrementAndGet();
                return revocationsFail ? Flux.error(new IllegalStateException("database down"))
                        : Flux.fromIterable(revocations).filter(r -> r.isMissingUpTo(minedAbove));
            });
        }

        @Override
        public Flux<PendingCaregiverRevocation> acceptedCaregiverRevocations(long minedAbove) {
            return Flux.defer(() -> revocationsFail ? Flux.error(new IllegalStateException("database down"))
                    : Flux.fromIterable(List.copyOf(caregiverRevocations)).filter(r -> r.isMissingUpTo(minedAbove)));
        }

        @Override
        public Flux<GrantKey> grantsSignedBy(EthAddress patient, EthAddress caregiver) {
            return Flux.fromIterable(List.copyOf(relayedGrants)).filter(grant -> grant.signer().equals(caregiver)
                    && grant.key().patient().equals(patient)).map(RelayedGrant::key);
        }
    }

    /** A GRANT request {@code signer} signed, accepted here and not failed. */
    private record RelayedGrant(EthAddress signer, GrantKey key) {
    }

    private final class Chain implements ConsentRegistryPort {
        @Override
        public ChainCall grantCall(SignedGrant grant) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ChainCall revocationCall(SignedRevocation revocation) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ChainCall cancellationCall(SignedNonceCancellation cancellation) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<AccessDecision> hasAccess(AccessQuery query) {
            return Mono.defer(() -> {
                chainCalls.incrementAndGet();
                return chainAnswer;
            });
        }

        @Override
        public Mono<BigInteger> nextNonce(EthAddress patient) {
            throw new UnsupportedOperationException();
        }

        @Override
        public EthAddress relayer() {
            throw new UnsupportedOperationException();
        }
    }
}
