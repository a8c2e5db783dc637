package io.healthkey.backend.application.record;

import static io.healthkey.backend.support.DomainErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.outbox.SponsorshipPolicy;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.MediaTypes;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordDraft;
import io.healthkey.backend.domain.record.RecordStatus;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.backend.support.TrackedBuffers;
import io.healthkey.backend.support.fakes.RecordStack;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.envelope.EnvelopeEncryptor;
import io.healthkey.protocol.envelope.EnvelopeKey;
import io.healthkey.protocol.keywrap.EciesKeyWrap;
import io.healthkey.protocol.keywrap.RecordKey;

/**
 * An author whose sponsored anchors are used up is refused before an upload starts, and an upload whose anchor the
 * budget no longer covers leaves nothing behind: no request, its ciphertext unpinned, its reservation failed.
 */
class SponsoredUploadTest {

    private static final byte[] FHIR = "{\"resourceType\":\"Observation\",\"status\":\"final\"}".getBytes();

    private final RecordStack stack = new RecordStack(DefaultDataBufferFactory.sharedInstance,
            new SponsorshipPolicy(1, Duration.ofDays(1), Map.of()));
    private final TrackedBuffers buffers = new TrackedBuffers();
    private final EthAddress patient = stack.patient.address();
    private final RecordKey recordKey = RecordKey.generate();

    @Test
    void anUploadPastTheBudgetIsRefusedWithLimit0002AndLeavesNothingPinnedNorQueued() {
        RecordVersion first = reserve().block();
        RecordVersion second = reserve().block();
        upload(first.id()).block();

        assertFailsWith(upload(second.id()), ErrorCode.LIMIT_SPONSORSHIP_EXHAUSTED);

        assertThat(stack.requests.all()).hasSize(1);
        assertThat(stack.content.pinned()).containsExactly(
                stack.records.version(first.id()).orElseThrow().cid().orElseThrow());
        assertThat(stack.records.version(second.id()).orElseThrow().status()).isEqualTo(RecordStatus.FAILED);
        buffers.assertAllReleased();
    }

    @Test
    void aReservationPastTheBudgetIsRefusedBeforeAnythingIsReserved() {
        upload(reserve().block().id()).block();
        int versions = stack.records.versions().size();

        assertFailsWith(reserve(), ErrorCode.LIMIT_SPONSORSHIP_EXHAUSTED);

        assertThat(stack.records.versions()).hasSize(versions);
    }

    private Mono<RecordVersion> reserve() {
        ReaderKey key = new ReaderKey(patient, new EciesKeyWrap().wrap(recordKey, stack.patient.publicKey()));
        return stack.writes.reserve(patient, new RecordDraft(patient, Category.OBSERVATION, MediaTypes.FHIR_JSON,
                Optional.empty(), List.of(key)));
    }

    private Mono<UploadReceipt> upload(RecordId id) {
        byte[] envelope = new EnvelopeEncryptor().encrypt(EnvelopeKey.fromBytes(recordKey.toBytes()), id, FHIR);
        return stack.writes.upload(patient, id, OptionalLong.of(envelope.length), buffers.pieces(envelope, 32));
    }
}
