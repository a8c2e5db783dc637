package io.healthkey.backend.application.record;

import static io.healthkey.backend.support.DomainErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.MediaTypes;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordDraft;
import io.healthkey.backend.domain.record.RecordLimits;
import io.healthkey.backend.domain.record.RecordStatus;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.backend.support.TrackedBuffers;
import io.healthkey.backend.support.fakes.InMemoryContentStore;
import io.healthkey.backend.support.fakes.InMemoryUploadParts;
import io.healthkey.backend.support.fakes.Participant;
import io.healthkey.backend.support.fakes.RecordStack;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.envelope.EnvelopeEncryptor;
import io.healthkey.protocol.envelope.EnvelopeKey;
import io.healthkey.protocol.envelope.EnvelopeVersion;
import io.healthkey.protocol.keywrap.EciesKeyWrap;
import io.healthkey.protocol.keywrap.RecordKey;

/**
 * Envelopes uploaded in parts: their bookkeeping (order, retries, conflicts, what is kept) and the CID, which must be
 * the one-shot upload's. The envelopes are real (1 MiB segments), so parts straddle the 256 KiB leaves.
 */
class MultipartUploadServiceTest {

    private static final long SEALED = EnvelopeVersion.sealedSegmentLength();
    private static final int HEADER = EnvelopeVersion.V2.headerLength();
    private static final RecordLimits LIMITS = new RecordLimits(256L << 20, 16 * 1024, Duration.ofMinutes(10));

    private final RecordStack stack = new RecordStack(DefaultDataBufferFactory.sharedInstance);
    private final InMemoryUploadParts stored = new InMemoryUploadParts(stack.records);
    private final MultipartUploadUseCase uploads = new MultipartUploadService(
            new RecordWriter(stack.registry, stack.records, stack.content, stack.anchors, LIMITS,
                    stack.replicated::add, stack.clock),
            stored, stack.content, stack.content, stack.directory, stack.clock);
    private final TrackedBuffers buffers = new TrackedBuffers();
    private final EthAddress patient = stack.patient.address();
    private final RecordKey recordKey = RecordKey.generate();
    private RecordId id;
    /** 3.5 MiB of plaintext: the header and four sealed segments, the last one half full. */
    private byte[] envelope;

    @BeforeEach
    void reserveAndEncrypt() {
        stack.directory.publish(patient, stack.patient.publicKey());
        id = reserve(stack.patient).id();
        byte[] plaintext = new byte[3 * (1 << 20) + (1 << 19)];
        new Random(7).nextBytes(plaintext);
        envelope = new EnvelopeEncryptor().encrypt(EnvelopeKey.fromBytes(recordKey.toBytes()), id,
                stack.patient.publicKey(), plaintext);
    }

    @AfterEach
    void everyBufferIsReleasedWhateverTheOutcome() {
        buffers.assertAllReleased();
    }

    @Test
    void partsCompleteIntoTheCidOfTheWholeEnvelopeAndAreAnchoredLikeAOneShotUpload() {
        Cid oneShot = InMemoryContentStore.cidOf(envelope);
        List<UploadPart> parts = putThreeParts();

        UploadReceipt receipt = uploads.complete(patient, id, oneShot).block();

        assertThat(receipt.version().cid()).contains(oneShot);
        assertThat(receipt.version().size()).isEqualTo(envelope.length);
        assertThat(receipt.version().status()).isEqualTo(RecordStatus.ANCHORING);
        assertThat(stack.content.pinned()).contains(oneShot)
                .doesNotContainAnyElementsOf(parts.stream().map(UploadPart::node).toList());
        assertThat(stored.all()).isEmpty();
        assertThat(stack.replicated).containsExactly(oneShot);
    }

    @Test
    void anEnvelopeOfOneLeafInOnePartIsItsRawLeaf() {
        byte[] small = new EnvelopeEncryptor().encrypt(EnvelopeKey.fromBytes(recordKey.toBytes()), id,
                stack.patient.publicKey(), new byte[1000]);
        put(0, small, 0, small.length);

        UploadReceipt receipt = uploads.complete(patient, id, InMemoryContentStore.cidOf(small)).block();

        assertThat(receipt.version().cid()).contains(InMemoryContentStore.cidOf(small));
    }

    @Test
    void keepsEachPartPinnedAndListedUntilCompletion() {
        UploadPart first = put(0, 0, HEADER + 2 * SEALED);
        UploadPart second = put(1, first.end(), SEALED);

        assertThat(uploads.parts(patient, id).block()).containsExactly(first, second);
        assertThat(stack.content.pinned()).contains(first.node(), second.node());
        assertThat(second.offset()).isEqualTo(first.end());
    }

    @Test
    void theSameBytesAgainGetTheSameAnswerAndStoreNothing() {
        UploadPart first = put(0, 0, HEADER + 2 * SEALED);
        var blocksBefore = stack.content.blocks();

        UploadPart again = put(0, 0, HEADER + 2 * SEALED);

        assertThat(again).isEqualTo(first);
        assertThat(stack.content.blocks()).isEqualTo(blocksBefore);
        assertThat(stored.all()).containsExactly(first);
    }

    @Test
    void otherBytesUnderAStoredPartNumberAreAConflict() {
        UploadPart first = put(0, 0, HEADER + 2 * SEALED);
        byte[] tampered = envelope.clone();
        tampered[HEADER + 5] ^= 1;

        assertFailsWith(uploads.putPart(patient, id, 0, new PartRange(0, HEADER + 2 * SEALED, envelope.length),
                body(tampered, 0, HEADER + 2 * SEALED)), ErrorCode.RECORD_PART_CONFLICT);
        assertFailsWith(uploads.putPart(patient, id, 0, new PartRange(0, HEADER + SEALED, envelope.length),
                body(envelope, 0, HEADER + SEALED)), ErrorCode.RECORD_PART_CONFLICT);
        assertThat(stored.all()).containsExactly(first);
    }

    @Test
    void aPartThatDoesNotStartWhereTheStoredPartsEndIsRefused() {
        long firstEnd = HEADER + 2 * SEALED;
        assertFailsWith(putMono(1, firstEnd, SEALED), ErrorCode.RECORD_PART_OUT_OF_ORDER);
        put(0, 0, firstEnd);
        int buffersMade = buffers.made();

        assertFailsWith(putMono(1, firstEnd - SEALED, SEALED), ErrorCode.RECORD_PART_OUT_OF_ORDER);
        assertFailsWith(putMono(1, firstEnd + 16, SEALED), ErrorCode.RECORD_PART_OUT_OF_ORDER);
        assertFailsWith(putMono(2, firstEnd, SEALED), ErrorCode.RECORD_PART_OUT_OF_ORDER);
        assertThat(stored.all()).hasSize(1);
        assertThat(buffers.made()).as("refused parts are not read").isEqualTo(buffersMade);
    }

    @Test
    void aPartAfterTheLastOneIsRefused() {
        putThreeParts();

        assertFailsWith(uploads.putPart(patient, id, 3, new PartRange(envelope.length - 16, 16, envelope.length),
                body(envelope, envelope.length - 16, 16)), ErrorCode.RECORD_PART_OUT_OF_ORDER);
    }

    @Test
    void aPartThatIsNotWholeSealedSegmentsIsRefused() {
        assertFailsWith(putMono(0, 0, HEADER + 2 * SEALED - 1), ErrorCode.RECORD_PART_INVALID_RANGE);
        assertFailsWith(putMono(0, 0, HEADER), ErrorCode.RECORD_PART_INVALID_RANGE);
        assertFailsWith(putMono(0, 1, SEALED), ErrorCode.RECORD_PART_INVALID_RANGE);
        UploadPart first = put(0, 0, HEADER + SEALED);
        assertFailsWith(putMono(1, first.end(), SEALED + 1), ErrorCode.RECORD_PART_INVALID_RANGE);
        assertFailsWith(uploads.putPart(patient, id, 1, new PartRange(first.end(), SEALED, envelope.length + 1),
                body(envelope, first.end(), SEALED)), ErrorCode.RECORD_PART_INVALID_RANGE);
        assertThat(stored.all()).containsExactly(first);
    }

    @Test
    void aPartOfMoreThanSixtyFourSegmentsIsRefusedUnread() {
        assertFailsWith(uploads.putPart(patient, id, 0, new PartRange(0, PartSequence.MAX_PART_LENGTH + 1,
                LIMITS.maxRecordBytes()), body(envelope, 0, 16)), ErrorCode.RECORD_PART_INVALID_RANGE);
        assertThat(buffers.made()).isZero();
    }

    @Test
    void aBodyLongerOrShorterThanItsRangeIsRefusedAndNothingIsKept() {
        assertFailsWith(uploads.putPart(patient, id, 0, new PartRange(0, HEADER + SEALED, envelope.length),
                body(envelope, 0, HEADER + SEALED + 1)), ErrorCode.RECORD_PART_INVALID_RANGE);
        assertFailsWith(uploads.putPart(patient, id, 0, new PartRange(0, HEADER + SEALED, envelope.length),
                body(envelope, 0, HEADER + SEALED - 1)), ErrorCode.RECORD_PART_INVALID_RANGE);

        assertThat(stored.all()).isEmpty();
        assertThat(stack.content.pinned()).isEmpty();
    }

    @Test
    void aFirstPartThatIsNotAnEnvelopeOfThatLengthIsRefused() {
        byte[] notAnEnvelope = envelope.clone();
        notAnEnvelope[0] = 7;

        assertFailsWith(uploads.putPart(patient, id, 0, new PartRange(0, HEADER + SEALED, envelope.length),
                body(notAnEnvelope, 0, HEADER + SEALED)), ErrorCode.RECORD_INVALID_ENVELOPE);
        long noEnvelopeHasIt = HEADER + 3 * SEALED + 10;
        assertFailsWith(uploads.putPart(patient, id, 0, new PartRange(0, HEADER + SEALED, noEnvelopeHasIt),
                body(envelope, 0, HEADER + SEALED)), ErrorCode.RECORD_INVALID_ENVELOPE);
        assertThat(stored.all()).isEmpty();
    }

    @Test
    void anEnvelopeOverTheSizeLimitIsRefusedUnread() {
        assertFailsWith(uploads.putPart(patient, id, 0, new PartRange(0, HEADER + SEALED,
                LIMITS.maxRecordBytes() + 1), body(envelope, 0, HEADER + SEALED)), ErrorCode.REQUEST_TOO_LARGE);
        assertThat(buffers.made()).isZero();
    }

    @Test
    void aPartLostMidwayKeepsNothingAndIsSentAgain() {
        UploadPart first = put(0, 0, HEADER + 2 * SEALED);
        Flux<DataBuffer> cut = body(envelope, first.end(), SEALED).take(3)
                .concatWith(Flux.error(new IllegalStateException("connection reset")));

        assertThat(uploads.putPart(patient, id, 1, new PartRange(first.end(), SEALED, envelope.length), cut)
                .onErrorResume(IllegalStateException.class, lost -> Mono.empty())
                .block()).isNull();
        assertThat(uploads.parts(patient, id).block()).containsExactly(first);

        UploadPart second = put(1, first.end(), SEALED);
        put(2, second.end(), envelope.length - second.end());
        assertThat(uploads.complete(patient, id, InMemoryContentStore.cidOf(envelope)).block().version().cid())
                .contains(InMemoryContentStore.cidOf(envelope));
    }

    @Test
    void completingWithPartsMissingIsRefused() {
        assertFailsWith(uploads.complete(patient, id, InMemoryContentStore.cidOf(envelope)),
                ErrorCode.RECORD_PARTS_MISSING);
        UploadPart first = put(0, 0, HEADER + 2 * SEALED);
        put(1, first.end(), SEALED);

        assertFailsWith(uploads.complete(patient, id, InMemoryContentStore.cidOf(envelope)),
                ErrorCode.RECORD_PARTS_MISSING);
        assertThat(stack.records.version(id).orElseThrow().status()).isEqualTo(RecordStatus.RESERVED);
    }

    @Test
    void completingWithAnotherCidChangesNothing() {
        putThreeParts();
        Cid other = InMemoryContentStore.cidOf(Arrays.copyOf(envelope, envelope.length - 1));

        assertFailsWith(uploads.complete(patient, id, other), ErrorCode.RECORD_PARTS_CID_MISMATCH);

        assertThat(stack.records.version(id).orElseThrow().status()).isEqualTo(RecordStatus.RESERVED);
        assertThat(stored.all()).hasSize(3);
        assertThat(stack.content.pinned()).doesNotContain(InMemoryContentStore.cidOf(envelope));
        assertThat(uploads.complete(patient, id, InMemoryContentStore.cidOf(envelope)).block()).isNotNull();
    }

    @Test
    void someoneElsesReservationIsUnknownToThem() {
        put(0, 0, HEADER + 2 * SEALED);

        assertFailsWith(uploads.putPart(stack.stranger.address(), id, 1, new PartRange(HEADER + 2 * SEALED, SEALED,
                envelope.length), body(envelope, HEADER + 2 * SEALED, SEALED)), ErrorCode.RECORD_RESERVATION_UNKNOWN);
        assertFailsWith(uploads.parts(stack.stranger.address(), id), ErrorCode.RECORD_RESERVATION_UNKNOWN);
        assertFailsWith(uploads.complete(stack.stranger.address(), id, InMemoryContentStore.cidOf(envelope)),
                ErrorCode.RECORD_RESERVATION_UNKNOWN);
        assertThat(stored.all()).hasSize(1);
    }

    @Test
    void aProviderWhoseWriteWasRevokedMayNotGoOn() {
        EthAddress provider = stack.provider.address();
        stack.registry.allowWrite(patient, provider, Category.OBSERVATION);
        RecordId theirs = reserve(stack.provider).id();
        stack.registry.revokeWrite(patient, provider, Category.OBSERVATION);

        assertFailsWith(uploads.parts(provider, theirs), ErrorCode.RECORD_NOT_WRITABLE);
    }

    @Test
    void anExpiredReservationTakesNoPartsAndItsPartsAreDiscarded() {
        UploadPart first = put(0, 0, HEADER + 2 * SEALED);
        stack.clock.now = stack.clock.now.plus(LIMITS.reservationTtl());

        assertFailsWith(putMono(1, first.end(), SEALED), ErrorCode.RECORD_RESERVATION_UNKNOWN);
        assertFailsWith(uploads.complete(patient, id, InMemoryContentStore.cidOf(envelope)),
                ErrorCode.RECORD_RESERVATION_UNKNOWN);
        assertThat(uploads.discardAbandoned().block()).isEqualTo(1);

        assertThat(stored.all()).isEmpty();
        assertThat(stack.content.pinned()).doesNotContain(first.node());
    }

    @Test
    void theDiscardLeavesTheUploadsInProgressAlone() {
        UploadPart first = put(0, 0, HEADER + 2 * SEALED);

        assertThat(uploads.discardAbandoned().block()).isZero();
        assertThat(stored.all()).containsExactly(first);
    }

    @Test
    void aRecoveryKitIsUploadedWhole() {
        RecordVersion kit = stack.writes.reserve(patient, new RecordDraft(patient, Category.RECOVERY_KIT,
                "application/vnd.healthkey.recovery-kit", Optional.empty(), List.of())).block();

        assertFailsWith(uploads.parts(patient, kit.id()), ErrorCode.REQUEST_INVALID_FIELD);
    }

    private List<UploadPart> putThreeParts() {
        UploadPart first = put(0, 0, HEADER + 2 * SEALED);
        UploadPart second = put(1, first.end(), SEALED);
        UploadPart third = put(2, second.end(), envelope.length - second.end());
        assertThat(third.isLast()).isTrue();
        return List.of(first, second, third);
    }

    private UploadPart put(int number, long offset, long length) {
        return put(number, envelope, offset, length);
    }

    private UploadPart put(int number, byte[] of, long offset, long length) {
        return uploads.putPart(patient, id, number, new PartRange(offset, length, of.length),
                body(of, offset, length)).block();
    }

    private Mono<UploadPart> putMono(int number, long offset, long length) {
        return Mono.defer(() -> uploads.putPart(patient, id, number,
                new PartRange(offset, length, envelope.length), body(envelope, offset, length)));
    }

    /** Bytes {@code [offset, offset + length)} of {@code bytes} in 64 KiB buffers; past the end, zeros. */
    private Flux<DataBuffer> body(byte[] bytes, long offset, long length) {
        byte[] range = Arrays.copyOfRange(bytes, (int) offset, (int) (offset + length));
        return buffers.pieces(range, 64 * 1024);
    }

    private RecordVersion reserve(Participant author) {
        List<ReaderKey> keys = author.address().equals(patient) ? List.of(keyFor(stack.patient))
                : List.of(keyFor(stack.patient), keyFor(author));
        return stack.writes.reserve(author.address(), new RecordDraft(patient, Category.OBSERVATION,
                MediaTypes.FHIR_JSON, Optional.empty(), keys)).block();
    }

    private ReaderKey keyFor(Participant reader) {
        return new ReaderKey(reader.address(), new EciesKeyWrap().wrap(recordKey, reader.publicKey()));
    }
}
