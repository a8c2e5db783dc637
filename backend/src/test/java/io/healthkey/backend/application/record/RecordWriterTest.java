package io.healthkey.backend.application.record;

import static io.healthkey.backend.support.DomainErrors.assertFailsWith;
import static io.healthkey.backend.support.DomainErrors.assertPassesOn;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.test.StepVerifier;

import io.healthkey.backend.domain.chain.ChainRequestStatus;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.content.StoredContent;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.AnchorRequest;
import io.healthkey.backend.domain.record.MediaTypes;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordOrigin;
import io.healthkey.backend.domain.record.RecordStatus;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.backend.support.fakes.InMemoryContentStore;
import io.healthkey.backend.support.fakes.RecordStack;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.keywrap.EciesKeyWrap;
import io.healthkey.protocol.keywrap.RecordKey;

/** The steps both upload paths share: who may write, what may be superseded, which id, and handing over to anchor. */
class RecordWriterTest {

    private static final BigInteger LARGEST_SERIAL = BigInteger.TWO.pow(80).subtract(BigInteger.ONE);

    private final RecordStack stack = new RecordStack(DefaultDataBufferFactory.sharedInstance);
    private final RecordWriter writer = stack.writer;
    private final EthAddress patient = stack.patient.address();
    private final EthAddress provider = stack.provider.address();

    @Test
    void refusesADeclaredLengthOverTheLimitWithRequest0005() {
        long max = RecordStack.LIMITS.maxRecordBytes();

        assertFailsWith(writer.requireWithinLimit(OptionalLong.of(max + 1)), ErrorCode.REQUEST_TOO_LARGE);
        StepVerifier.create(writer.requireWithinLimit(OptionalLong.of(max))).verifyComplete();
        StepVerifier.create(writer.requireWithinLimit(OptionalLong.empty())).verifyComplete();
    }

    @Test
    void thePatientMayWriteTheirOwnRecordsWithoutAskingTheChain() {
        stack.registry.outage.begin(ErrorCode.CHAIN_UNAVAILABLE);

        StepVerifier.create(writer.requireWriter(patient, patient, Category.OBSERVATION)).verifyComplete();
    }

    @Test
    void aProviderMayWriteOnlyTheCategoriesThePatientGrantedWriteOn() {
        stack.registry.allowWrite(patient, provider, Category.CONDITION);

        StepVerifier.create(writer.requireWriter(provider, patient, Category.CONDITION)).verifyComplete();
        assertFailsWith(writer.requireWriter(provider, patient, Category.OBSERVATION), ErrorCode.RECORD_NOT_WRITABLE);
    }

    @Test
    void aWriterCheckWhileTheChainIsDownFailsWithChain0001() {
        stack.registry.outage.begin(ErrorCode.CHAIN_UNAVAILABLE);

        assertFailsWith(writer.requireWriter(provider, patient, Category.OBSERVATION), ErrorCode.CHAIN_UNAVAILABLE);
    }

    @Test
    void onlyThePatientsLatestAnchoredVersionOfTheSameCategoryMayBeSuperseded() {
        RecordVersion latest = stack.anchored(RecordId.of(patient, Category.OBSERVATION, 1), stack.patient,
                new byte[] {1});

        StepVerifier.create(writer.requireSupersedable(Optional.empty(), patient, Category.OBSERVATION))
                .verifyComplete();
        StepVerifier.create(writer.requireSupersedable(Optional.of(latest.id()), patient, Category.OBSERVATION))
                .verifyComplete();
        assertFailsWith(writer.requireSupersedable(Optional.of(latest.id()), stack.otherPatient.address(),
                Category.OBSERVATION), ErrorCode.RECORD_INVALID_SUPERSEDES);
        assertFailsWith(writer.requireSupersedable(Optional.of(latest.id()), patient, Category.CONDITION),
                ErrorCode.RECORD_INVALID_SUPERSEDES);
    }

    @Test
    void refusesToSupersedeAVersionThatIsUnknownNotAnchoredOrAlreadySupersededWithRecord0005() {
        RecordId unknown = RecordId.of(patient, Category.OBSERVATION, 9);
        RecordId superseded = stack.anchored(RecordId.of(patient, Category.OBSERVATION, 1), stack.patient,
                new byte[] {1}).id();
        RecordId anchoring = reserve(Category.OBSERVATION).id();
        stack.records.markStored(anchoring, InMemoryContentStore.cidOf(new byte[] {2}), 1, "anchor").block();
        stack.records.markSuperseded(superseded, anchoring).block();

        for (RecordId previous : List.of(unknown, superseded, anchoring)) {
            assertFailsWith(writer.requireSupersedable(Optional.of(previous), patient, Category.OBSERVATION),
                    ErrorCode.RECORD_INVALID_SUPERSEDES);
        }
    }

    @Test
    void reservesTheSerialAboveTheDatabasesHighestWithTheReadersKeys() {
        stack.records.add(reservationOf(RecordId.of(patient, Category.CONDITION, 5)));
        ReaderKey patientKey = keyFor(stack.patient.publicKey(), patient);

        RecordVersion reserved = writer.reserve(provider, RecordOrigin.CLIENT, patient, Category.OBSERVATION,
                MediaTypes.FHIR_JSON, Optional.empty(), List.of(patientKey)).block();

        assertThat(reserved.id()).isEqualTo(RecordId.of(patient, Category.OBSERVATION, 6));
        assertThat(reserved.status()).isEqualTo(RecordStatus.RESERVED);
        assertThat(reserved.author()).isEqualTo(provider);
        assertThat(reserved.expiresAt()).isEqualTo(RecordStack.NOW.plus(RecordStack.LIMITS.reservationTtl()));
        assertThat(stack.records.version(reserved.id())).contains(reserved);
        assertThat(stack.records.keys(reserved.id())).containsOnly(Map.entry(patient, patientKey));
    }

    @Test
    void aForeignAnchorOfTheLargestSerialChangesNothingForTheNextReservations() {
        stack.registry.allowWrite(patient, provider, Category.OBSERVATION);
        stack.registry.mine(new AnchorRequest(RecordId.of(patient, Category.OBSERVATION, LARGEST_SERIAL), provider,
                InMemoryContentStore.cidOf(new byte[] {3}), Optional.empty()));
        stack.registry.anchoredElsewhere(patient, Category.CONDITION, LARGEST_SERIAL, LARGEST_SERIAL);

        RecordVersion observation = reserve(Category.OBSERVATION);
        RecordVersion condition = reserve(Category.CONDITION);
        UploadReceipt anchored = writer.anchor(observation, store(new byte[] {7})).block();

        assertThat(observation.id().serial()).isEqualTo(BigInteger.ONE);
        assertThat(condition.id().serial()).isEqualTo(BigInteger.TWO);
        assertThat(anchored.version().status()).isEqualTo(RecordStatus.ANCHORING);
    }

    @Test
    void skipsIdsOtherAuthorsAnchoredAboveTheDatabasesHighest() {
        stack.records.add(reservationOf(RecordId.of(patient, Category.OBSERVATION, 5)));
        stack.registry.anchoredElsewhere(patient, Category.OBSERVATION, BigInteger.valueOf(6), BigInteger.valueOf(6));

        RecordVersion reserved = reserve(Category.OBSERVATION);

        assertThat(reserved.id().serial()).isGreaterThan(BigInteger.valueOf(6));
        assertThat(stack.registry.isAnchored(reserved.id()).block()).isFalse();
    }

    @Test
    void takesTheNextSerialWhenConcurrentReservationsTookTheFirstOnes() {
        stack.records.loseNextReservations(4);

        RecordVersion reserved = reserve(Category.OBSERVATION);

        assertThat(reserved.id().serial()).isEqualTo(BigInteger.valueOf(5));
        assertThat(stack.records.version(reserved.id())).contains(reserved);
    }

    @Test
    void givesUpAfterFiveLostRacesForASerialWithRecord0004() {
        stack.records.loseNextReservations(5);

        assertFailsWith(writer.reserve(patient, RecordOrigin.CLIENT, patient, Category.OBSERVATION,
                MediaTypes.FHIR_JSON, Optional.empty(), List.of()), ErrorCode.RECORD_ID_TAKEN);
    }

    @Test
    void failsWithRecord0004AndStoresNothingWhenOtherAuthorsTookEveryIdItTried() {
        stack.registry.anchoredElsewhere(patient, Category.OBSERVATION, BigInteger.ONE, LARGEST_SERIAL);

        assertFailsWith(writer.reserve(patient, RecordOrigin.CLIENT, patient, Category.OBSERVATION,
                MediaTypes.FHIR_JSON, Optional.empty(), List.of()), ErrorCode.RECORD_ID_TAKEN);

        assertThat(stack.records.versions()).isEmpty();
        assertThat(stack.registry.anchorQueries()).isEqualTo(5 * RecordIdAllocator.PROBES);
    }

    @Test
    void aReservationWhileTheChainIsDownFailsWithChain0001AndStoresNothing() {
        stack.registry.outage.begin(ErrorCode.CHAIN_UNAVAILABLE);

        assertFailsWith(writer.reserve(patient, RecordOrigin.CLIENT, patient, Category.OBSERVATION,
                MediaTypes.FHIR_JSON, Optional.empty(), List.of()), ErrorCode.CHAIN_UNAVAILABLE);
        assertThat(stack.records.versions()).isEmpty();
    }

    @Test
    void anchoringStoresTheVersionAsAnchoringWithItsAnchorRequestAndWakesTheSender() {
        RecordVersion reservation = reserve(Category.OBSERVATION);
        StoredContent stored = store(new byte[] {7, 7, 7});

        UploadReceipt receipt = writer.anchor(reservation, stored).block();

        RecordVersion version = stack.records.version(reservation.id()).orElseThrow();
        assertThat(version.status()).isEqualTo(RecordStatus.ANCHORING);
        assertThat(version.cid()).contains(stored.cid());
        assertThat(version.size()).isEqualTo(3);
        assertThat(version.chainRequest()).contains(receipt.anchor().id());
        assertThat(receipt.version()).isEqualTo(version);
        assertThat(stack.requests.request(receipt.anchor().id())).hasValueSatisfying(request -> {
            assertThat(request.kind()).isEqualTo(RelayKind.ANCHOR);
            assertThat(request.status()).isEqualTo(ChainRequestStatus.ACCEPTED);
            assertThat(request.subject()).isEqualTo(reservation.id().toHex());
            assertThat(request.call()).contains(stack.registry.anchorCall(
                    new AnchorRequest(reservation.id(), patient, stored.cid(), Optional.empty())));
        });
        assertThat(stack.senderWakeUps).isOne();
        assertThat(stack.content.pinned()).contains(stored.cid());
    }

    @Test
    void anAnchorOfAnIdAnotherAuthorTookMeanwhileFailsTheVersionUnpinsItAndAnswersRecord0004() {
        RecordVersion reservation = reserve(Category.OBSERVATION);
        StoredContent stored = store(new byte[] {7});
        stack.registry.allowWrite(patient, provider, Category.OBSERVATION);
        stack.registry.mine(new AnchorRequest(reservation.id(), provider,
                InMemoryContentStore.cidOf(new byte[] {8}), Optional.empty()));

        assertFailsWith(writer.anchor(reservation, stored), ErrorCode.RECORD_ID_TAKEN);

        assertThat(stack.records.version(reservation.id()).orElseThrow().status()).isEqualTo(RecordStatus.FAILED);
        assertThat(stack.content.pinned()).doesNotContain(stored.cid());
        assertThat(stack.requests.all()).isEmpty();
    }

    @Test
    void anAnchorSimulatedWhileTheChainIsDownKeepsTheReservationForARetryAndFailsWithChain0001() {
        RecordVersion reservation = reserve(Category.OBSERVATION);
        StoredContent stored = store(new byte[] {7});
        stack.registry.outage.begin(ErrorCode.CHAIN_UNAVAILABLE);

        assertFailsWith(writer.anchor(reservation, stored), ErrorCode.CHAIN_UNAVAILABLE);

        assertThat(stack.records.version(reservation.id())).contains(reservation);
        assertThat(stack.content.pinned()).doesNotContain(stored.cid());
        assertThat(stack.requests.all()).isEmpty();
    }

    @Test
    void anUploadThatLostItsReservationToAConcurrentOneStoresNoAnchorRequestAndFailsWithRecord0010() {
        RecordVersion reservation = reserve(Category.OBSERVATION);
        StoredContent ours = store(new byte[] {1});
        StoredContent theirs = store(new byte[] {2});
        stack.records.markStored(reservation.id(), theirs.cid(), 1, "their-anchor").block();

        assertFailsWith(writer.anchor(reservation, ours), ErrorCode.RECORD_RESERVATION_UNKNOWN);

        assertThat(stack.requests.all()).as("the request was rolled back with the version").isEmpty();
        assertThat(stack.records.version(reservation.id()).orElseThrow().cid()).contains(theirs.cid());
        assertThat(stack.senderWakeUps).isZero();
    }

    @Test
    void aDatabaseFailureWhileAcceptingTheAnchorReachesTheCallerAndLeavesTheReservationForARetry() {
        RecordVersion reservation = reserve(Category.OBSERVATION);
        StoredContent stored = store(new byte[] {7});
        RuntimeException databaseDown = stack.requests.outage.beginDatabaseDown();

        assertPassesOn(writer.anchor(reservation, stored), databaseDown);

        assertThat(stack.records.version(reservation.id())).contains(reservation);
        assertThat(stack.senderWakeUps).isZero();
    }

    private RecordVersion reserve(Category category) {
        return writer.reserve(patient, RecordOrigin.CLIENT, patient, category, MediaTypes.FHIR_JSON,
                Optional.empty(), List.of()).block();
    }

    private StoredContent store(byte[] ciphertext) {
        return new StoredContent(stack.content.add(ciphertext), ciphertext.length);
    }

    private RecordVersion reservationOf(RecordId id) {
        return new RecordVersion(id, patient, RecordOrigin.CLIENT, RecordStatus.RESERVED, MediaTypes.FHIR_JSON,
                Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(), false, RecordStack.NOW,
                RecordStack.NOW.plus(RecordStack.LIMITS.reservationTtl()));
    }

    private static ReaderKey keyFor(EncryptionPublicKey reader, EthAddress address) {
        return new ReaderKey(address, new EciesKeyWrap().wrap(RecordKey.generate(), reader));
    }
}
