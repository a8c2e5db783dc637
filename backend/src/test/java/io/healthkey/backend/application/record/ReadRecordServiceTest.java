package io.healthkey.backend.application.record;

import static io.healthkey.backend.support.DomainErrors.assertFailsWith;
import static io.healthkey.backend.support.DomainErrors.assertPassesOn;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.test.StepVerifier;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.AnchoredRecord;
import io.healthkey.backend.domain.record.ReadEntry;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordOrigin;
import io.healthkey.backend.domain.record.RecordStatus;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.backend.support.ByteStreams;
import io.healthkey.backend.support.fakes.InMemoryContentStore;
import io.healthkey.backend.support.fakes.Participant;
import io.healthkey.backend.support.fakes.RecordStack;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.keywrap.EciesKeyWrap;
import io.healthkey.protocol.keywrap.RecordKey;

/** Who may read, which bytes are the record, and what the patient's read log says of each attempt. */
class ReadRecordServiceTest {

    private static final byte[] CIPHERTEXT = new byte[150_000];

    static {
        for (int i = 0; i < CIPHERTEXT.length; i++) {
            CIPHERTEXT[i] = (byte) (i * 31);
        }
    }

    private final RecordStack stack = new RecordStack(DefaultDataBufferFactory.sharedInstance);
    private final ReadRecordUseCase reads = stack.reads;
    private final EthAddress patient = stack.patient.address();
    private final EthAddress provider = stack.provider.address();
    private final RecordKey recordKey = RecordKey.generate();
    private final RecordId id = RecordId.of(patient, Category.OBSERVATION, 1);
    private final ReaderKey patientKey = keyFor(stack.patient);
    private final ReaderKey providerKey = keyFor(stack.provider);
    private final ReaderKey strangerKey = keyFor(stack.stranger);

    @Test
    void thePatientReadsTheAnchoredCiphertextWithTheirKeyAndTheReadIsLoggedWithoutAskingTheChain() {
        RecordVersion version = stack.anchored(id, stack.patient, CIPHERTEXT, patientKey);
        stack.consent.outage.begin(ErrorCode.CHAIN_UNAVAILABLE);

        RecordContent read = reads.read(patient, id).block();

        assertThat(read.version()).isEqualTo(version);
        assertThat(read.anchoredCid()).isEqualTo(version.cid().orElseThrow());
        assertThat(read.wrappedKey()).isEqualTo(patientKey.wrappedKey());
        assertThat(ByteStreams.join(read.bytes())).isEqualTo(CIPHERTEXT);
        assertThat(stack.readLog.entries()).containsExactly(
                new ReadEntry(id, patient, true, Optional.empty(), Optional.empty(), RecordStack.NOW));
    }

    @Test
    void aGranteeWithReadGetsTheirOwnWrappedKeyAndTheReadIsLoggedAtTheDecisionsBlock() {
        stack.anchored(id, stack.patient, CIPHERTEXT, patientKey, providerKey);
        stack.consent.grant(patient, provider, Category.OBSERVATION, Action.READ);

        ReadableKey key = reads.keyFor(provider, id).block();

        assertThat(new EciesKeyWrap().unwrap(key.wrappedKey(), stack.provider.key())).isEqualTo(recordKey);
        assertThat(stack.readLog.entries()).containsExactly(new ReadEntry(id, provider, true, Optional.empty(),
                Optional.of(stack.consent.block), RecordStack.NOW));
    }

    @Test
    void aReaderWithoutAGrantIsDeniedWithAccess0002AndTheDenialIsLogged() {
        stack.anchored(id, stack.patient, CIPHERTEXT, patientKey, providerKey);
        stack.consent.grant(patient, provider, Category.CONDITION, Action.READ);

        assertFailsWith(reads.read(provider, id), ErrorCode.ACCESS_DENIED);

        assertThat(stack.readLog.entries()).containsExactly(new ReadEntry(id, provider, false,
                Optional.of("ACCESS-0002"), Optional.empty(), RecordStack.NOW));
    }

    @Test
    void anIdThatNamesNoRecordFailsWithRecord0008AndIsNotLogged() {
        assertFailsWith(reads.read(provider, id), ErrorCode.RECORD_NOT_FOUND);

        assertThat(stack.readLog.entries()).isEmpty();
    }

    @Test
    void aGranteeNobodyWrappedTheKeyForGetsAccess0003AndTheAttemptIsLogged() {
        stack.anchored(id, stack.patient, CIPHERTEXT, patientKey);
        stack.consent.grant(patient, provider, Category.OBSERVATION, Action.READ);

        assertFailsWith(reads.read(provider, id), ErrorCode.ACCESS_NO_WRAPPED_KEY);

        assertThat(stack.readLog.entries()).extracting(ReadEntry::deniedCode).containsExactly(Optional.of("ACCESS-0003"));
    }

    @Test
    void aVersionStillAnchoringCannotBeReadYetRecord0009() {
        RecordVersion anchored = stack.anchored(id, stack.patient, CIPHERTEXT, patientKey);
        stack.records.updateStatus(anchored.id(), RecordStatus.ANCHORING).block();

        assertFailsWith(reads.read(patient, id), ErrorCode.RECORD_NOT_ANCHORED);

        assertThat(stack.readLog.entries()).extracting(ReadEntry::deniedCode).containsExactly(Optional.of("RECORD-0009"));
    }

    @Test
    void aVersionTheChainHoldsNoAnchorForCannotBeReadRecord0009() {
        stack.records.add(versionAnchoredHereOnly(InMemoryContentStore.cidOf(CIPHERTEXT)), patientKey);

        assertFailsWith(reads.read(patient, id), ErrorCode.RECORD_NOT_ANCHORED);
    }

    @Test
    void storedCiphertextThatIsNotTheAnchoredOneIsNeverServedRecord0013() {
        RecordVersion anchored = stack.anchored(id, stack.patient, CIPHERTEXT, patientKey);
        stack.records.add(withCid(anchored, stack.content.add(new byte[] {6, 6, 6})), patientKey);

        assertFailsWith(reads.read(patient, id), ErrorCode.RECORD_CONTENT_MISMATCH);

        assertThat(stack.readLog.entries()).extracting(ReadEntry::deniedCode).containsExactly(Optional.of("RECORD-0013"));
    }

    @Test
    void aCurrentIndexAnswersTheAnchorWithoutTheChain() {
        stack.anchored(id, stack.patient, CIPHERTEXT, patientKey);
        stack.index.index(stack.registry.anchored(id).block());
        stack.registry.outage.begin(ErrorCode.CHAIN_UNAVAILABLE);

        StepVerifier.create(reads.keyFor(patient, id)).expectNextCount(1).verifyComplete();
    }

    @Test
    void aCurrentIndexThatFailsOrLacksTheAnchorIsAnsweredByTheChain() {
        stack.anchored(id, stack.patient, CIPHERTEXT, patientKey);

        StepVerifier.create(reads.keyFor(patient, id)).expectNextCount(1).verifyComplete();

        stack.index.outage.beginDatabaseDown();
        StepVerifier.create(reads.keyFor(patient, id)).expectNextCount(1).verifyComplete();
    }

    @Test
    void anIndexThatFellBehindIsNotTrustedTheChainsAnchorIs() {
        stack.anchored(id, stack.patient, CIPHERTEXT, patientKey);
        AnchoredRecord onChain = stack.registry.anchored(id).block();
        stack.index.index(new AnchoredRecord(id, patient, InMemoryContentStore.cidOf(new byte[] {9}),
                Optional.empty(), onChain.transactionHash(), onChain.blockNumber()));
        stack.index.fallBehind();

        StepVerifier.create(reads.keyFor(patient, id)).expectNextCount(1).verifyComplete();

        stack.registry.outage.begin(ErrorCode.CHAIN_UNAVAILABLE);
        assertFailsWith(reads.keyFor(patient, id), ErrorCode.CHAIN_UNAVAILABLE);
    }

    @Test
    void aReadWhoseAccessCheckCannotBeAnsweredIsDeniedWithChain0001AndLogged() {
        stack.anchored(id, stack.patient, CIPHERTEXT, patientKey, providerKey);
        stack.consent.grant(patient, provider, Category.OBSERVATION, Action.READ);
        stack.consent.outage.begin(ErrorCode.CHAIN_UNAVAILABLE);

        assertFailsWith(reads.read(provider, id), ErrorCode.CHAIN_UNAVAILABLE);

        assertThat(stack.readLog.entries()).extracting(ReadEntry::deniedCode).containsExactly(Optional.of("CHAIN-0001"));
    }

    @Test
    void whileIpfsIsDownTheReadIsAllowedButItsBytesFailWithContent0001() {
        stack.anchored(id, stack.patient, CIPHERTEXT, patientKey);
        stack.content.outage.begin(ErrorCode.CONTENT_UNAVAILABLE);

        RecordContent read = reads.read(patient, id).block();

        StepVerifier.create(read.bytes()).verifyErrorSatisfies(failure -> assertThat(failure)
                .isInstanceOfSatisfying(DomainException.class,
                        refused -> assertThat(refused.errorCode()).isEqualTo(ErrorCode.CONTENT_UNAVAILABLE)));
    }

    @Test
    void aReadThatCannotBeLoggedIsNotServed() {
        stack.anchored(id, stack.patient, CIPHERTEXT, patientKey);
        RuntimeException databaseDown = stack.readLog.outage.beginDatabaseDown();

        assertPassesOn(reads.read(patient, id), databaseDown);
    }

    @Test
    void thePatientAddsTheKeyOfAReaderWhoHasReadOnChain() {
        stack.anchored(id, stack.patient, CIPHERTEXT, patientKey);
        stack.consent.grant(patient, provider, Category.OBSERVATION, Action.READ);

        StepVerifier.create(reads.addReaderKey(patient, id, providerKey)).verifyComplete();

        assertThat(stack.records.keys(id)).containsEntry(provider, providerKey);
    }

    @Test
    void addingAKeyIsRefusedToAnyoneButThePatientForAReaderWithoutReadOrForAnUnknownRecord() {
        stack.anchored(id, stack.patient, CIPHERTEXT, patientKey);
        stack.consent.grant(patient, provider, Category.OBSERVATION, Action.READ);

        assertFailsWith(reads.addReaderKey(provider, id, providerKey), ErrorCode.REQUEST_NOT_PATIENT);
        assertFailsWith(reads.addReaderKey(patient, id, strangerKey), ErrorCode.ACCESS_DENIED);
        assertFailsWith(reads.addReaderKey(patient, RecordId.of(patient, Category.OBSERVATION, 2),
                providerKey), ErrorCode.RECORD_NOT_FOUND);
        assertThat(stack.records.keys(id)).containsOnlyKeys(patient);
    }

    @Test
    void thePatientAloneAddsTheKeyOfItsCurrentEmergencyKitWhichNoGrantNames() {
        stack.anchored(id, stack.patient, CIPHERTEXT, patientKey);
        stack.consent.grant(patient, provider, Category.OBSERVATION, Action.READ);
        stack.keySharers.add(provider);
        EncryptionPrivateKey emergencyKey = EncryptionPrivateKey.generate();
        ReaderKey forEmergencyKey = new ReaderKey(emergencyKey.publicKey().address(),
                new EciesKeyWrap().wrap(recordKey, emergencyKey.publicKey()));

        assertFailsWith(reads.addReaderKey(patient, id, forEmergencyKey), ErrorCode.ACCESS_DENIED);
        stack.emergencyKeys.put(patient, emergencyKey.publicKey().address());
        assertFailsWith(reads.addReaderKey(provider, id, forEmergencyKey), ErrorCode.ACCESS_DENIED);
        assertFailsWith(reads.addReaderKey(patient, id, strangerKey), ErrorCode.ACCESS_DENIED);
        StepVerifier.create(reads.addReaderKey(patient, id, forEmergencyKey)).verifyComplete();

        assertThat(stack.records.keys(id)).containsOnlyKeys(patient, emergencyKey.publicKey().address());
    }

    private ReaderKey keyFor(Participant reader) {
        return new ReaderKey(reader.address(), new EciesKeyWrap().wrap(recordKey, reader.publicKey()));
    }

    private RecordVersion versionAnchoredHereOnly(Cid cid) {
        return new RecordVersion(id, patient, RecordOrigin.CLIENT,
                RecordStatus.ANCHORED, "application/fhir+json", Optional.empty(), Optional.of(cid), 1,
                Optional.of("anchor"), Optional.empty(), false, RecordStack.NOW, RecordStack.NOW);
    }

    private static RecordVersion withCid(RecordVersion version, Cid cid) {
        return new RecordVersion(version.id(), version.author(), version.origin(), version.status(),
                version.mediaType(), version.supersedes(), Optional.of(cid), version.size(), version.chainRequest(),
                version.supersededBy(), version.rekeyRequired(), version.createdAt(), version.expiresAt());
    }
}
