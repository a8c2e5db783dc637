package io.healthkey.backend.application.record;

import static io.healthkey.backend.support.DomainErrors.assertPassesOn;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.test.StepVerifier;

import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.content.StoredContent;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.AnchorRequest;
import io.healthkey.backend.domain.record.MediaTypes;
import io.healthkey.backend.domain.record.RecordOrigin;
import io.healthkey.backend.domain.record.RecordStatus;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.backend.support.fakes.RecordStack;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;

/** How an anchor ends: what the version becomes, and which ciphertext stops being pinned. */
class AnchorServiceTest {

    private final RecordStack stack = new RecordStack(DefaultDataBufferFactory.sharedInstance);
    private final AnchorService anchors = stack.anchors;
    private final EthAddress patient = stack.patient.address();

    @Test
    void aConfirmedAnchorMakesTheVersionAnchoredAndKeepsItsCiphertextPinned() {
        UploadReceipt upload = upload(Optional.empty(), new byte[] {1});

        StepVerifier.create(anchors.onConfirmed(confirmed(upload.anchor()))).verifyComplete();

        RecordVersion version = stack.records.version(upload.version().id()).orElseThrow();
        assertThat(version.status()).isEqualTo(RecordStatus.ANCHORED);
        assertThat(stack.content.pinned()).containsExactly(version.cid().orElseThrow());
    }

    @Test
    void aConfirmedNewVersionMarksTheOldOneSupersededAndUnpinsTheOldCiphertext() {
        RecordVersion old = stack.anchored(RecordId.of(patient, Category.OBSERVATION, 1), stack.patient,
                new byte[] {1});
        UploadReceipt upload = upload(Optional.of(old.id()), new byte[] {2});

        anchors.onConfirmed(confirmed(upload.anchor())).block();

        assertThat(stack.records.version(old.id()).orElseThrow().supersededBy()).contains(upload.version().id());
        assertThat(stack.records.version(upload.version().id()).orElseThrow().status())
                .isEqualTo(RecordStatus.ANCHORED);
        assertThat(stack.content.pinned()).containsExactly(upload.version().cid().orElseThrow());
    }

    @Test
    void aConfirmationWhileIpfsIsDownStillRecordsTheOutcomeAndLeavesTheOldCiphertextPinned() {
        RecordVersion old = stack.anchored(RecordId.of(patient, Category.OBSERVATION, 1), stack.patient,
                new byte[] {1});
        UploadReceipt upload = upload(Optional.of(old.id()), new byte[] {2});
        stack.content.outage.begin(ErrorCode.CONTENT_UNAVAILABLE);

        StepVerifier.create(anchors.onConfirmed(confirmed(upload.anchor()))).verifyComplete();

        assertThat(stack.records.version(old.id()).orElseThrow().supersededBy()).contains(upload.version().id());
        assertThat(stack.records.version(upload.version().id()).orElseThrow().status())
                .isEqualTo(RecordStatus.ANCHORED);
        assertThat(stack.content.pinned()).contains(old.cid().orElseThrow());
    }

    @Test
    void aFailedAnchorFailsTheVersionAndUnpinsItsCiphertextOnly() {
        RecordVersion old = stack.anchored(RecordId.of(patient, Category.OBSERVATION, 1), stack.patient,
                new byte[] {1});
        UploadReceipt upload = upload(Optional.of(old.id()), new byte[] {2});

        StepVerifier.create(anchors.onFailed(failed(upload.anchor()))).verifyComplete();

        assertThat(stack.records.version(upload.version().id()).orElseThrow().status())
                .isEqualTo(RecordStatus.FAILED);
        assertThat(stack.records.version(old.id())).contains(old);
        assertThat(stack.content.pinned()).containsExactly(old.cid().orElseThrow());
    }

    @Test
    void aFailureWhileIpfsIsDownStillFailsTheVersion() {
        UploadReceipt upload = upload(Optional.empty(), new byte[] {1});
        Cid cid = upload.version().cid().orElseThrow();
        stack.content.outage.begin(ErrorCode.CONTENT_UNAVAILABLE);

        StepVerifier.create(anchors.onFailed(failed(upload.anchor()))).verifyComplete();

        assertThat(stack.records.version(upload.version().id()).orElseThrow().status())
                .isEqualTo(RecordStatus.FAILED);
        assertThat(stack.content.pinned()).contains(cid);
    }

    /** A database restored to a point before the anchor mined resends it; the chain then holds this very version. */
    @Test
    void anAnchorThatFailsAsTakenByThisVeryVersionMakesItAnchoredAndKeepsItsCiphertext() {
        UploadReceipt upload = upload(Optional.empty(), new byte[] {1});
        Cid cid = upload.version().cid().orElseThrow();
        stack.registry.mine(new AnchorRequest(upload.version().id(), patient, cid, Optional.empty()));

        StepVerifier.create(anchors.onFailed(failed(upload.anchor()))).verifyComplete();

        assertThat(stack.records.version(upload.version().id()).orElseThrow().status())
                .isEqualTo(RecordStatus.ANCHORED);
        assertThat(stack.content.pinned()).contains(cid);
    }

    @Test
    void anAnchorThatFailsAsTakenByOtherBytesFailsTheVersionAndUnpinsItsCiphertext() {
        UploadReceipt upload = upload(Optional.empty(), new byte[] {1});
        Cid cid = upload.version().cid().orElseThrow();
        Cid other = stack.content.add(new byte[] {2});
        stack.registry.mine(new AnchorRequest(upload.version().id(), patient, other, Optional.empty()));

        StepVerifier.create(anchors.onFailed(failed(upload.anchor()))).verifyComplete();

        assertThat(stack.records.version(upload.version().id()).orElseThrow().status())
                .isEqualTo(RecordStatus.FAILED);
        assertThat(stack.content.pinned()).doesNotContain(cid);
    }

    @Test
    void anAnchorThatFailsAsTakenWhileTheChainCannotSayByWhomFailsButKeepsItsCiphertext() {
        UploadReceipt upload = upload(Optional.empty(), new byte[] {1});
        Cid cid = upload.version().cid().orElseThrow();
        stack.registry.outage.begin(ErrorCode.CHAIN_UNAVAILABLE);

        StepVerifier.create(anchors.onFailed(failed(upload.anchor()))).verifyComplete();

        assertThat(stack.records.version(upload.version().id()).orElseThrow().status())
                .isEqualTo(RecordStatus.FAILED);
        assertThat(stack.content.pinned()).contains(cid);
    }

    @Test
    void anAnchorThatFailsForAnotherReasonIsNotLookedUpAndUnpinsItsCiphertext() {
        UploadReceipt upload = upload(Optional.empty(), new byte[] {1});
        Cid cid = upload.version().cid().orElseThrow();
        stack.registry.outage.begin(ErrorCode.CHAIN_UNAVAILABLE);

        StepVerifier.create(anchors.onFailed(upload.anchor().failed(ErrorCode.RECORD_UNAUTHORIZED_AUTHOR.code(),
                "reverted", RecordStack.NOW))).verifyComplete();

        assertThat(stack.records.version(upload.version().id()).orElseThrow().status())
                .isEqualTo(RecordStatus.FAILED);
        assertThat(stack.content.pinned()).doesNotContain(cid);
    }

    /** The effects run in the outbox's database transaction: a failure must reach it, so that nothing commits. */
    @Test
    void aDatabaseFailureReachesTheOutboxUnchanged() {
        UploadReceipt upload = upload(Optional.empty(), new byte[] {1});
        RuntimeException databaseDown = stack.records.outage.beginDatabaseDown();

        assertPassesOn(anchors.onConfirmed(confirmed(upload.anchor())), databaseDown);
        assertPassesOn(anchors.onFailed(failed(upload.anchor())), databaseDown);
    }

    /** A version stored and accepted for anchoring through {@link RecordWriter}, as either upload path leaves it. */
    private UploadReceipt upload(Optional<RecordId> supersedes, byte[] ciphertext) {
        RecordVersion reservation = stack.writer.reserve(patient, RecordOrigin.CLIENT, patient, Category.OBSERVATION,
                MediaTypes.FHIR_JSON, supersedes, List.of()).block();
        StoredContent stored = new StoredContent(stack.content.add(ciphertext), ciphertext.length);
        return stack.writer.anchor(reservation, stored).block();
    }

    private ChainRequest confirmed(ChainRequest accepted) {
        return accepted.sent("tx-1", RecordStack.NOW)
                .mined(new MinedTransaction("0x" + "ab".repeat(32), 101, 60_000), RecordStack.NOW)
                .confirmed(RecordStack.NOW);
    }

    private ChainRequest failed(ChainRequest accepted) {
        return accepted.failed(ErrorCode.RECORD_ID_TAKEN.code(), "reverted", RecordStack.NOW);
    }
}
