package io.healthkey.backend.application.record;

import static io.healthkey.backend.support.DomainErrors.assertFailsWith;
import static io.healthkey.backend.support.DomainErrors.assertPassesOn;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.chain.ChainRequestStatus;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.MediaTypes;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordDraft;
import io.healthkey.backend.domain.record.RecordOrigin;
import io.healthkey.backend.domain.record.RecordStatus;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.backend.support.TrackedBuffers;
import io.healthkey.backend.support.fakes.InMemoryContentStore;
import io.healthkey.backend.support.fakes.Participant;
import io.healthkey.backend.support.fakes.RecordStack;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.envelope.EnvelopeEncryptor;
import io.healthkey.protocol.envelope.EnvelopeKey;
import io.healthkey.protocol.keywrap.EciesKeyWrap;
import io.healthkey.protocol.keywrap.RecordKey;

/** Client-side encrypted uploads: reserve an id with the wrapped keys, then stream the envelope that binds it. */
class WriteRecordServiceTest {

    private static final byte[] FHIR = "{\"resourceType\":\"Observation\",\"status\":\"final\"}".getBytes();

    private final RecordStack stack = new RecordStack(DefaultDataBufferFactory.sharedInstance);
    private final WriteRecordUseCase writes = stack.writes;
    private final TrackedBuffers buffers = new TrackedBuffers();
    private final EthAddress patient = stack.patient.address();
    private final EthAddress provider = stack.provider.address();
    private final RecordKey recordKey = RecordKey.generate();

    @AfterEach
    void everyEnvelopeBufferIsReleasedWhateverTheOutcome() {
        buffers.assertAllReleased();
    }

    @Test
    void thePatientReservesTheNextIdWithTheirWrappedKey() {
        RecordDraft draft = draft(Category.OBSERVATION, "Application/FHIR+JSON; charset=utf-8", stack.patient);

        RecordVersion reserved = writes.reserve(patient, draft).block();

        assertThat(reserved.id()).isEqualTo(RecordId.of(patient, Category.OBSERVATION, 1));
        assertThat(reserved.status()).isEqualTo(RecordStatus.RESERVED);
        assertThat(reserved.origin()).isEqualTo(RecordOrigin.CLIENT);
        assertThat(reserved.mediaType()).isEqualTo(MediaTypes.FHIR_JSON);
        assertThat(stack.records.keys(reserved.id())).containsOnlyKeys(patient);
        assertThat(stack.records.keys(reserved.id()).get(patient)).isEqualTo(draft.keys().get(0));
    }

    @Test
    void aProviderWithWriteReservesWithKeysForThePatientAndThemself() {
        stack.registry.allowWrite(patient, provider, Category.OBSERVATION);

        RecordVersion reserved = writes.reserve(provider, draft(Category.OBSERVATION, MediaTypes.FHIR_JSON,
                stack.patient, stack.provider)).block();

        assertThat(reserved.author()).isEqualTo(provider);
        assertThat(stack.records.keys(reserved.id())).containsOnlyKeys(patient, provider);
    }

    @Test
    void refusesAReservationByAProviderWithoutWriteWithRecord0012() {
        assertFailsWith(writes.reserve(provider, draft(Category.OBSERVATION, MediaTypes.FHIR_JSON, stack.patient,
                stack.provider)), ErrorCode.RECORD_NOT_WRITABLE);
        assertThat(stack.records.versions()).isEmpty();
    }

    @Test
    void refusesADraftWithoutTheKeyOfThePatientOrOfTheUploaderWithRecord0011() {
        stack.registry.allowWrite(patient, provider, Category.OBSERVATION);

        assertFailsWith(writes.reserve(provider, draft(Category.OBSERVATION, MediaTypes.FHIR_JSON, stack.provider)),
                ErrorCode.RECORD_MISSING_WRAPPED_KEY);
        assertFailsWith(writes.reserve(provider, draft(Category.OBSERVATION, MediaTypes.FHIR_JSON, stack.patient)),
                ErrorCode.RECORD_MISSING_WRAPPED_KEY);
        assertThat(stack.records.versions()).isEmpty();
    }

    @Test
    void refusesADraftNamingAReaderTwiceWithRequest0002() {
        assertFailsWith(writes.reserve(patient, draft(Category.OBSERVATION, MediaTypes.FHIR_JSON, stack.patient,
                stack.patient)), ErrorCode.REQUEST_INVALID_FIELD);
    }

    @Test
    void refusesAMediaTypeTheCategoryDoesNotHoldWithRequest0002() {
        assertFailsWith(writes.reserve(patient, draft(Category.OBSERVATION, "application/pdf", stack.patient)),
                ErrorCode.REQUEST_INVALID_FIELD);
        assertFailsWith(writes.reserve(patient, draft(Category.PDF_DOCUMENT, MediaTypes.FHIR_JSON, stack.patient)),
                ErrorCode.REQUEST_INVALID_FIELD);
    }

    @Test
    void refusesToSupersedeAVersionOfAnotherCategoryWithRecord0005() {
        RecordId condition = stack.anchored(RecordId.of(patient, Category.CONDITION, 1), stack.patient,
                new byte[] {1}).id();
        RecordDraft draft = new RecordDraft(patient, Category.OBSERVATION, MediaTypes.FHIR_JSON,
                Optional.of(condition), List.of(keyFor(stack.patient)));

        assertFailsWith(writes.reserve(patient, draft), ErrorCode.RECORD_INVALID_SUPERSEDES);
    }

    @Test
    void storesAVersion2EnvelopeWrappedForThePatientsPublishedKey() {
        stack.directory.publish(patient, stack.patient.publicKey());
        RecordVersion reservation = reserve();
        byte[] envelope = version2For(reservation.id(), stack.patient);

        writes.upload(patient, reservation.id(), OptionalLong.of(envelope.length), buffers.pieces(envelope, 50))
                .block();

        assertThat(stack.content.bytesOf(InMemoryContentStore.cidOf(envelope))).hasValue(envelope);
    }

    /** A slot the patient cannot open would leave them without the record if this database were lost. */
    @Test
    void refusesAVersion2EnvelopeWrappedForAnotherKeyThanThePatientsWithRecord0014AndStoresNothing() {
        stack.directory.publish(patient, stack.patient.publicKey());
        RecordVersion reservation = reserve();
        byte[] envelope = version2For(reservation.id(), stack.provider);

        assertFailsWith(writes.upload(patient, reservation.id(), OptionalLong.of(envelope.length),
                buffers.pieces(envelope, 50)), ErrorCode.RECORD_INVALID_ENVELOPE);
        assertThat(stack.content.pinned()).isEmpty();
        assertThat(stack.records.version(reservation.id()).orElseThrow().status()).isEqualTo(RecordStatus.RESERVED);
    }

    @Test
    void storesPinsAndAnchorsAnEnvelopeStreamedInPiecesAndAnswersOncePinned() {
        RecordVersion reservation = reserve();
        byte[] envelope = envelopeFor(reservation.id(), FHIR);

        UploadReceipt receipt = writes.upload(patient, reservation.id(), OptionalLong.of(envelope.length),
                buffers.pieces(envelope, 17)).block();

        RecordVersion stored = stack.records.version(reservation.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(RecordStatus.ANCHORING);
        assertThat(stored.cid()).contains(InMemoryContentStore.cidOf(envelope));
        assertThat(stored.size()).isEqualTo(envelope.length);
        assertThat(stack.content.bytesOf(stored.cid().orElseThrow())).hasValue(envelope);
        assertThat(stack.content.pinned()).containsExactly(stored.cid().orElseThrow());
        assertThat(receipt.version()).isEqualTo(stored);
        assertThat(receipt.anchor().status()).isEqualTo(ChainRequestStatus.ACCEPTED);
        assertThat(stack.requests.all()).containsExactly(receipt.anchor());
        assertThat(stack.replicated).containsExactly(stored.cid().orElseThrow());
    }

    @Test
    void refusesAnUploadDeclaredOverTheSizeLimitWithRequest0005WithoutReadingIt() {
        RecordVersion reservation = reserve();

        assertFailsWith(writes.upload(patient, reservation.id(),
                OptionalLong.of(RecordStack.LIMITS.maxRecordBytes() + 1), buffers.pieces(new byte[64], 16)),
                ErrorCode.REQUEST_TOO_LARGE);

        assertThat(buffers.made()).isZero();
        assertThat(stack.records.version(reservation.id())).contains(reservation);
    }

    @Test
    void refusesAnUndeclaredUploadThatGoesOverTheSizeLimitWithRequest0005AndStoresNothing() {
        RecordVersion reservation = reserve();
        byte[] envelope = envelopeFor(reservation.id(), new byte[(int) RecordStack.LIMITS.maxRecordBytes()]);

        assertFailsWith(writes.upload(patient, reservation.id(), OptionalLong.empty(),
                buffers.pieces(envelope, 4096)), ErrorCode.REQUEST_TOO_LARGE);

        assertThat(stack.content.pinned()).isEmpty();
        assertThat(stack.records.version(reservation.id())).contains(reservation);
    }

    @Test
    void refusesADeclaredLengthNoEnvelopeHasWithRecord0014WithoutReadingIt() {
        RecordVersion reservation = reserve();
        byte[] envelope = envelopeFor(reservation.id(), FHIR);

        long shorterThanAnyEnvelope = 16;

        assertFailsWith(writes.upload(patient, reservation.id(), OptionalLong.of(shorterThanAnyEnvelope),
                buffers.pieces(envelope, 16)), ErrorCode.RECORD_INVALID_ENVELOPE);

        assertThat(buffers.made()).isZero();
    }

    @Test
    void refusesBytesThatAreNotARecordEnvelopeWithRecord0014AndKeepsTheReservation() {
        RecordVersion reservation = reserve();
        byte[] truncated = Arrays.copyOf(envelopeFor(reservation.id(), FHIR), 40);
        byte[] notAnEnvelope = FHIR;

        assertFailsWith(writes.upload(patient, reservation.id(), OptionalLong.empty(), buffers.pieces(truncated, 8)),
                ErrorCode.RECORD_INVALID_ENVELOPE);
        assertFailsWith(writes.upload(patient, reservation.id(), OptionalLong.empty(),
                buffers.pieces(notAnEnvelope, 8)), ErrorCode.RECORD_INVALID_ENVELOPE);

        assertThat(stack.content.pinned()).isEmpty();
        assertThat(stack.records.version(reservation.id())).contains(reservation);
    }

    @Test
    void refusesAnUploadForAnIdNeverReservedWithRecord0010() {
        RecordId unknown = RecordId.of(patient, Category.OBSERVATION, 1);

        assertFailsWith(upload(patient, unknown), ErrorCode.RECORD_RESERVATION_UNKNOWN);
        assertThat(buffers.made()).isZero();
    }

    @Test
    void refusesAnUploadAfterTheReservationExpiredWithRecord0010() {
        RecordVersion reservation = reserve();
        stack.clock.now = reservation.expiresAt();

        assertFailsWith(upload(patient, reservation.id()), ErrorCode.RECORD_RESERVATION_UNKNOWN);
    }

    @Test
    void refusesAnUploadByAnotherAccountThanTheReserverWithRecord0010() {
        RecordVersion reservation = reserve();
        stack.registry.allowWrite(patient, provider, Category.OBSERVATION);

        assertFailsWith(upload(provider, reservation.id()), ErrorCode.RECORD_RESERVATION_UNKNOWN);
    }

    @Test
    void refusesASecondUploadForTheSameReservationWithRecord0010() {
        RecordVersion reservation = reserve();
        upload(patient, reservation.id()).block();

        assertFailsWith(upload(patient, reservation.id()), ErrorCode.RECORD_RESERVATION_UNKNOWN);
        assertThat(stack.requests.all()).hasSize(1);
    }

    @Test
    void refusesAProviderWhoseWriteGrantWasRevokedSinceReservingWithRecord0012() {
        stack.registry.allowWrite(patient, provider, Category.OBSERVATION);
        RecordVersion reservation = writes.reserve(provider, draft(Category.OBSERVATION, MediaTypes.FHIR_JSON,
                stack.patient, stack.provider)).block();
        stack.registry.revokeWrite(patient, provider, Category.OBSERVATION);

        assertFailsWith(upload(provider, reservation.id()), ErrorCode.RECORD_NOT_WRITABLE);
        assertThat(stack.content.pinned()).isEmpty();
    }

    @Test
    void anUploadThatAConcurrentUploadOfTheSameIdOvertookFailsWithRecord0010() {
        RecordVersion reservation = reserve();
        byte[] envelope = envelopeFor(reservation.id(), FHIR);
        Flux<DataBuffer> overtaken = buffers.pieces(envelope, 64).doOnComplete(() -> stack.records.markStored(
                reservation.id(), InMemoryContentStore.cidOf(new byte[] {1}), 1, "their-anchor").block());

        assertFailsWith(writes.upload(patient, reservation.id(), OptionalLong.of(envelope.length), overtaken),
                ErrorCode.RECORD_RESERVATION_UNKNOWN);

        assertThat(stack.requests.all()).isEmpty();
        assertThat(stack.records.version(reservation.id()).orElseThrow().chainRequest()).contains("their-anchor");
    }

    @Test
    void anUploadWhileIpfsIsDownFailsWithContent0001AndKeepsTheReservation() {
        RecordVersion reservation = reserve();
        stack.content.outage.begin(ErrorCode.CONTENT_UNAVAILABLE);

        assertFailsWith(upload(patient, reservation.id()), ErrorCode.CONTENT_UNAVAILABLE);

        assertThat(stack.records.version(reservation.id())).contains(reservation);
        assertThat(stack.requests.all()).isEmpty();
    }

    @Test
    void anUploadWhoseAnchorCannotBeSimulatedWhileTheChainIsDownFailsWithChain0001AndUnpins() {
        RecordVersion reservation = reserve();
        stack.registry.outage.begin(ErrorCode.CHAIN_UNAVAILABLE);

        assertFailsWith(upload(patient, reservation.id()), ErrorCode.CHAIN_UNAVAILABLE);

        assertThat(stack.content.pinned()).isEmpty();
        assertThat(stack.replicated).isEmpty();
        assertThat(stack.records.version(reservation.id())).contains(reservation);
    }

    @Test
    void anUploadWhileTheDatabaseIsDownFailsWithTheDatabasesErrorWithoutReadingTheBody() {
        RecordVersion reservation = reserve();
        RuntimeException databaseDown = stack.records.outage.beginDatabaseDown();

        assertPassesOn(upload(patient, reservation.id()), databaseDown);
        assertThat(buffers.made()).isZero();
    }

    private RecordVersion reserve() {
        return writes.reserve(patient, draft(Category.OBSERVATION, MediaTypes.FHIR_JSON, stack.patient)).block();
    }

    private Mono<UploadReceipt> upload(EthAddress uploader, RecordId id) {
        byte[] envelope = envelopeFor(id, FHIR);
        return writes.upload(uploader, id, OptionalLong.of(envelope.length), buffers.pieces(envelope, 32));
    }

    private RecordDraft draft(Category category, String mediaType, Participant... readers) {
        return new RecordDraft(patient, category, mediaType, Optional.empty(),
                Arrays.stream(readers).map(this::keyFor).toList());
    }

    private ReaderKey keyFor(Participant reader) {
        return new ReaderKey(reader.address(), new EciesKeyWrap().wrap(recordKey, reader.publicKey()));
    }

    private byte[] version2For(RecordId id, Participant slotFor) {
        return new EnvelopeEncryptor().encrypt(EnvelopeKey.fromBytes(recordKey.toBytes()), id, slotFor.publicKey(),
                FHIR);
    }

    private byte[] envelopeFor(RecordId id, byte[] plaintext) {
        return new EnvelopeEncryptor().encrypt(EnvelopeKey.fromBytes(recordKey.toBytes()), id, plaintext);
    }
}
