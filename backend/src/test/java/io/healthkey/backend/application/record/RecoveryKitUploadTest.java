package io.healthkey.backend.application.record;

import static io.healthkey.backend.support.DomainErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordDraft;
import io.healthkey.backend.domain.record.RecordStatus;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.backend.support.TrackedBuffers;
import io.healthkey.backend.support.fakes.InMemoryContentStore;
import io.healthkey.backend.support.fakes.Participant;
import io.healthkey.backend.support.fakes.RecordStack;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.keywrap.EciesKeyWrap;
import io.healthkey.protocol.keywrap.RecordKey;
import io.healthkey.protocol.recovery.Guardian;
import io.healthkey.protocol.recovery.RecoveryKit;
import io.healthkey.protocol.recovery.RecoveryKits;

/**
 * A recovery kit is stored as a record of category 4098 whose content is the kit itself: only the patient's own,
 * unencrypted (no wrapped keys), of its patient and this chain; anything else is refused and nothing is stored.
 */
class RecoveryKitUploadTest {

    private static final String KIT_MEDIA_TYPE = "application/vnd.healthkey.recovery-kit";

    private final RecordStack stack = new RecordStack(DefaultDataBufferFactory.sharedInstance);
    private final WriteRecordUseCase writes = stack.writes;
    private final TrackedBuffers buffers = new TrackedBuffers();
    private final EthAddress patient = stack.patient.address();

    @AfterEach
    void everyBufferIsReleasedWhateverTheOutcome() {
        buffers.assertAllReleased();
    }

    @Test
    void thePatientStoresAndAnchorsItsKitAsItsOwnBytes() {
        RecordVersion reservation = reserve();
        byte[] kit = kitOf(patient, RecordStack.CHAIN_ID);

        writes.upload(patient, reservation.id(), OptionalLong.of(kit.length), buffers.pieces(kit, 100)).block();

        RecordVersion stored = stack.records.version(reservation.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(RecordStatus.ANCHORING);
        assertThat(stored.cid()).contains(InMemoryContentStore.cidOf(kit));
        assertThat(stack.content.bytesOf(stored.cid().orElseThrow())).hasValue(kit);
    }

    @Test
    void refusesAKitOfAnotherPatientAnotherChainOrBytesThatAreNoKitWithRecovery0001AndStoresNothing() {
        RecordVersion reservation = reserve();
        byte[] genuine = kitOf(patient, RecordStack.CHAIN_ID);
        byte[] flipped = genuine.clone();
        flipped[4] ^= 1;

        for (byte[] refused : List.of(kitOf(stack.otherPatient.address(), RecordStack.CHAIN_ID),
                kitOf(patient, RecordStack.CHAIN_ID + 1), Arrays.copyOf(genuine, genuine.length - 1), flipped,
                new byte[0])) {
            assertFailsWith(writes.upload(patient, reservation.id(), OptionalLong.empty(), buffers.pieces(refused, 64)),
                    ErrorCode.RECOVERY_INVALID_KIT);
        }

        assertThat(stack.content.pinned()).isEmpty();
        assertThat(stack.records.version(reservation.id())).contains(reservation);
    }

    @Test
    void refusesAnUploadLongerThanAnyKitWithRequest0005() {
        RecordVersion reservation = reserve();

        assertFailsWith(writes.upload(patient, reservation.id(), OptionalLong.empty(),
                buffers.pieces(new byte[RecoveryKit.MAX_LENGTH + 1], 4096)), ErrorCode.REQUEST_TOO_LARGE);
        assertThat(stack.content.pinned()).isEmpty();
    }

    /** A provider with WRITE could otherwise make a kit naming guardians of its choosing the patient's current one. */
    @Test
    void refusesAKitReservedByAnyoneButThePatientWithRequest0007() {
        stack.registry.allowWrite(patient, stack.provider.address(), Category.RECOVERY_KIT);

        assertFailsWith(writes.reserve(stack.provider.address(), draft(List.of())), ErrorCode.REQUEST_NOT_PATIENT);
        assertThat(stack.records.forPatient(patient).collectList().block()).isEmpty();
    }

    @Test
    void refusesAKitDraftWithWrappedKeysWithRequest0002() {
        ReaderKey key = new ReaderKey(patient, new EciesKeyWrap().wrap(RecordKey.generate(), stack.patient.publicKey()));

        assertFailsWith(writes.reserve(patient, draft(List.of(key))), ErrorCode.REQUEST_INVALID_FIELD);
    }

    private RecordVersion reserve() {
        return writes.reserve(patient, draft(List.of())).block();
    }

    private RecordDraft draft(List<ReaderKey> keys) {
        return new RecordDraft(patient, Category.RECOVERY_KIT, KIT_MEDIA_TYPE, Optional.empty(), keys);
    }

    private byte[] kitOf(EthAddress kitPatient, long chainId) {
        List<Guardian> guardians = List.of(stack.provider, stack.clinic, stack.stranger).stream()
                .map(RecoveryKitUploadTest::asGuardian).toList();
        return new RecoveryKits().create(EncryptionPrivateKey.generate(), kitPatient, chainId, guardians, 2,
                RecordStack.NOW).toBytes();
    }

    private static Guardian asGuardian(Participant participant) {
        return new Guardian(participant.address(), participant.publicKey());
    }
}
