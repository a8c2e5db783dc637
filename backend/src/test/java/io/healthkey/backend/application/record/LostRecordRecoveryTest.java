package io.healthkey.backend.application.record;

import static io.healthkey.backend.support.DomainErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.AnchorRequest;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordOrigin;
import io.healthkey.backend.domain.record.RecordStatus;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.backend.support.ByteStreams;
import io.healthkey.backend.support.fakes.RecordStack;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.envelope.EnvelopeEncryptor;
import io.healthkey.protocol.envelope.EnvelopeKey;
import io.healthkey.protocol.keywrap.EciesKeyWrap;
import io.healthkey.protocol.keywrap.RecordKey;

/**
 * After the database is lost: the records come back from the index's anchors and the content store, the patient's
 * key from a version 2 envelope's header, and what cannot come back (a version 1 patient key, grantees' keys) is
 * refused with a reason, never served.
 */
class LostRecordRecoveryTest {

    private static final byte[] PLAINTEXT = "{\"resourceType\":\"Observation\"}".getBytes();

    /** The database was lost: the stack's records are empty; the chain, its index and the content store are not. */
    private final RecordStack stack = new RecordStack(DefaultDataBufferFactory.sharedInstance);
    private final EthAddress patient = stack.patient.address();
    private final EthAddress provider = stack.provider.address();
    private final RecordId first = RecordId.of(patient, Category.OBSERVATION, 1);
    private final RecordId second = RecordId.of(patient, Category.OBSERVATION, 2);
    private final RecordKey recordKey = RecordKey.generate();

    @Test
    void thePatientReadsAVersion2RecordTheDatabaseLostWithTheKeyInItsHeader() {
        byte[] envelope = anchoredAndIndexed(first, version2());

        ReadableKey key = stack.reads.keyFor(patient, first).block();
        RecordContent read = stack.reads.read(patient, first).block();

        RecordKey unwrapped = new EciesKeyWrap().unwrap(key.wrappedKey(), stack.patient.key());
        assertThat(unwrapped).isEqualTo(recordKey);
        assertThat(new EnvelopeEncryptor().decrypt(EnvelopeKey.fromBytes(unwrapped.toBytes()), first,
                ByteStreams.join(read.bytes()))).isEqualTo(PLAINTEXT);
        RecordVersion rebuilt = stack.records.find(first).block();
        assertThat(rebuilt.origin()).isEqualTo(RecordOrigin.RECOVERED);
        assertThat(rebuilt.status()).isEqualTo(RecordStatus.ANCHORED);
        assertThat(rebuilt.size()).isEqualTo(envelope.length);
        assertThat(rebuilt.mediaType()).isEqualTo(LostRecordRecovery.UNKNOWN_MEDIA_TYPE);
        assertThat(stack.records.keysOf(first).collectList().block()).isEmpty();
    }

    @Test
    void aVersion1RecordTheDatabaseLostIsRefusedToItsPatientWithAccess0003AndTheReason() {
        anchoredAndIndexed(first, new EnvelopeEncryptor().encrypt(envelopeKey(), first, PLAINTEXT));

        assertThatThrownBy(() -> stack.reads.keyFor(patient, first).block())
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.ACCESS_NO_WRAPPED_KEY);
                    assertThat(e.getMessage()).contains("version 1");
                });
    }

    @Test
    void aGranteeIsRefusedUntilThePatientWrapsTheKeyAgainAndNeverGetsThePatientsSlot() {
        anchoredAndIndexed(first, version2());
        stack.consent.grant(patient, provider, Category.OBSERVATION, Action.READ);

        assertFailsWith(stack.reads.keyFor(provider, first), ErrorCode.ACCESS_NO_WRAPPED_KEY);
        stack.reads.addReaderKey(patient, first,
                new ReaderKey(provider, new EciesKeyWrap().wrap(recordKey, stack.provider.publicKey()))).block();

        ReadableKey key = stack.reads.keyFor(provider, first).block();
        assertThat(new EciesKeyWrap().unwrap(key.wrappedKey(), stack.provider.key())).isEqualTo(recordKey);
    }

    @Test
    void anIdTheIndexDoesNotHoldIsNotFoundEvenWhenTheChainHasIt() {
        Cid cid = stack.content.add(version2());
        stack.registry.mine(new AnchorRequest(first, patient, cid, Optional.empty()));

        assertFailsWith(stack.reads.read(patient, first), ErrorCode.RECORD_NOT_FOUND);
        assertThat(stack.records.find(first).blockOptional()).isEmpty();
    }

    @Test
    void thePatientsRecordsComeBackFromTheIndexWithTheirSupersession() {
        anchoredAndIndexed(first, version2());
        byte[] next = new EnvelopeEncryptor().encrypt(envelopeKey(), second, stack.patient.publicKey(), PLAINTEXT);
        stack.index.index(stack.registry.mine(new AnchorRequest(second, patient, stack.content.add(next),
                Optional.of(first))));

        stack.recovery.recoverPatient(patient).block();
        stack.recovery.recoverPatient(patient).block();

        assertThat(stack.records.forPatient(patient).map(RecordVersion::id).collectList().block())
                .containsExactlyInAnyOrder(first, second);
        assertThat(stack.records.find(first).block().supersededBy()).contains(second);
        assertThat(stack.records.find(second).block().supersedes()).contains(first);
    }

    @Test
    void theSlotOfAnEnvelopeIsReadFromItsHeaderAndBytesThatAreNoEnvelopeHaveNone() {
        Cid version2 = stack.content.add(version2());
        Cid notAnEnvelope = stack.content.add(new byte[300]);

        assertThat(stack.recovery.patientSlot(version2).block().patientKey()).isEqualTo(stack.patient.publicKey());
        assertThat(stack.recovery.patientSlot(notAnEnvelope).blockOptional()).isEmpty();
    }

    private byte[] version2() {
        return new EnvelopeEncryptor().encrypt(envelopeKey(), first, stack.patient.publicKey(), PLAINTEXT);
    }

    private EnvelopeKey envelopeKey() {
        return EnvelopeKey.fromBytes(recordKey.toBytes());
    }

    private byte[] anchoredAndIndexed(RecordId id, byte[] envelope) {
        stack.index.index(stack.registry.mine(new AnchorRequest(id, patient, stack.content.add(envelope),
                Optional.empty())));
        return envelope;
    }
}
