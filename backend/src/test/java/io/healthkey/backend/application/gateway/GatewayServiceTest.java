package io.healthkey.backend.application.gateway;

import static io.healthkey.backend.support.DomainErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.record.RecordContent;
import io.healthkey.backend.application.record.UploadReceipt;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.directory.ProviderStatus;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.fhir.FhirIssue;
import io.healthkey.backend.domain.fhir.OperationOutcomes;
import io.healthkey.backend.domain.record.AnchorRequest;
import io.healthkey.backend.domain.record.MediaTypes;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordOrigin;
import io.healthkey.backend.domain.record.RecordStatus;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.backend.support.ByteStreams;
import io.healthkey.backend.support.TrackedBuffers;
import io.healthkey.backend.support.fakes.Participant;
import io.healthkey.backend.support.fakes.RecordStack;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.envelope.EnvelopeEncryptor;
import io.healthkey.protocol.envelope.EnvelopeVersion;
import io.healthkey.protocol.envelope.PatientSlot;
import io.healthkey.protocol.envelope.EnvelopeKey;
import io.healthkey.protocol.keywrap.EciesKeyWrap;
import io.healthkey.protocol.keywrap.RecordKey;

/**
 * The clinic gateway: what it takes, how it encrypts and for whom it wraps the key, and that it reads back what it
 * wrote. Encryption and key wrapping are the protocol module's, checked by opening what the gateway stored.
 */
class GatewayServiceTest {

    private static final byte[] OBSERVATION = """
            {"resourceType":"Observation","status":"final","code":{"text":"heart rate"}}"""
            .getBytes(StandardCharsets.UTF_8);

    private final TrackedBuffers buffers = new TrackedBuffers();
    private final RecordStack stack = new RecordStack(buffers.pool());
    private final GatewayUseCase gateway = stack.gateway;
    private final EthAddress patient = stack.patient.address();
    private final EthAddress clinic = stack.clinic.address();

    @BeforeEach
    void anAccreditedClinicEntrustedItsKeyAndMayWriteObservations() {
        stack.clinicKeys.entrust(clinic, stack.clinic.key());
        stack.directory.accredit(clinic, ProviderStatus.ACTIVE);
        stack.directory.publish(patient, stack.patient.publicKey());
        stack.registry.allowWrite(patient, clinic, Category.OBSERVATION);
    }

    @AfterEach
    void everyBufferOfThePlaintextAndOfTheCiphertextIsReleased() {
        buffers.assertAllReleased();
    }

    @Test
    void storesValidFhirEncryptedUnderAKeyWrappedForThePatientAndTheClinic() {
        UploadReceipt receipt = upload("application/fhir+json; charset=utf-8", OBSERVATION).block();

        RecordVersion version = stack.records.version(receipt.version().id()).orElseThrow();
        assertThat(version.id()).isEqualTo(RecordId.of(patient, Category.OBSERVATION, 1));
        assertThat(version.origin()).isEqualTo(RecordOrigin.GATEWAY);
        assertThat(version.status()).isEqualTo(RecordStatus.ANCHORING);
        assertThat(version.mediaType()).isEqualTo(MediaTypes.FHIR_JSON);
        assertThat(stack.records.keys(version.id())).containsOnlyKeys(patient, clinic);
        assertThat(decryptAs(stack.patient, version)).isEqualTo(OBSERVATION);
        assertThat(decryptAs(stack.clinic, version)).isEqualTo(OBSERVATION);
        assertThat(stack.requests.all()).containsExactly(receipt.anchor());
    }

    /** Version 2: the patient's published key and the record key wrapped for it travel in the envelope's header. */
    @Test
    void writesAVersion2EnvelopeThePatientOpensWithoutTheDatabase() {
        RecordVersion version = upload("application/fhir+json", OBSERVATION).block().version();
        byte[] ciphertext = stack.content.bytesOf(version.cid().orElseThrow()).orElseThrow();

        PatientSlot slot = EnvelopeVersion.patientSlot(ciphertext).orElseThrow();
        RecordKey key = new EciesKeyWrap().unwrap(slot.wrappedKey(), stack.patient.key());

        assertThat(ciphertext[0]).isEqualTo((byte) 2);
        assertThat(slot.patientKey()).isEqualTo(stack.patient.publicKey());
        assertThat(new EnvelopeEncryptor().decrypt(EnvelopeKey.fromBytes(key.toBytes()), version.id(), ciphertext))
                .isEqualTo(OBSERVATION);
    }

    @Test
    void storesAPdfAsAPayloadOfThePdfCategoryWithoutValidatingIt() {
        stack.registry.allowWrite(patient, clinic, Category.PDF_DOCUMENT);
        byte[] pdf = "%PDF-1.7 not FHIR".getBytes(StandardCharsets.UTF_8);

        RecordVersion version = upload("application/pdf", pdf).block().version();

        assertThat(version.id().category()).isEqualTo(Category.PDF_DOCUMENT);
        assertThat(version.mediaType()).isEqualTo("application/pdf");
        assertThat(decryptAs(stack.patient, version)).isEqualTo(pdf);
    }

    @Test
    void aNewVersionIsWrappedAlsoForReadersOfTheOldOneWhoStillHaveRead() {
        Participant stillReads = stack.provider;
        Participant lostAccess = stack.stranger;
        RecordKey oldKey = RecordKey.generate();
        RecordId old = stack.anchored(RecordId.of(patient, Category.OBSERVATION, 1), stack.clinic, new byte[] {1},
                wrap(oldKey, stack.patient), wrap(oldKey, stack.clinic), wrap(oldKey, stillReads),
                wrap(oldKey, lostAccess)).id();
        stack.consent.grant(patient, stillReads.address(), Category.OBSERVATION, Action.READ);
        stack.directory.publish(stillReads.address(), stillReads.publicKey());
        stack.directory.publish(lostAccess.address(), lostAccess.publicKey());

        RecordVersion version = gateway.upload(clinic, new GatewayUpload(patient, MediaTypes.FHIR_JSON,
                Optional.of(old), OptionalLong.empty()), buffers.pieces(OBSERVATION, 10)).block().version();

        assertThat(version.supersedes()).contains(old);
        assertThat(stack.replicated).containsExactly(version.cid().orElseThrow());
        assertThat(stack.records.keys(version.id())).containsOnlyKeys(patient, clinic, stillReads.address());
        assertThat(decryptAs(stillReads, version)).isEqualTo(OBSERVATION);
    }

    @Test
    void refusesAClinicWhoseKeyTheGatewayDoesNotHoldWithGateway0002WithoutReadingTheBody() {
        stack.directory.accredit(stack.provider.address(), ProviderStatus.ACTIVE);

        assertFailsWith(gateway.upload(stack.provider.address(), fhirUpload(), buffers.pieces(OBSERVATION, 10)),
                ErrorCode.GATEWAY_NO_CLINIC_KEY);
        assertThat(buffers.made()).isZero();
    }

    @Test
    void refusesAClinicThatIsNotOrNoLongerAccreditedWithGateway0001() {
        stack.directory.accredit(clinic, ProviderStatus.SUSPENDED);
        assertFailsWith(upload(MediaTypes.FHIR_JSON, OBSERVATION), ErrorCode.GATEWAY_NOT_ACCREDITED);

        stack.directory.accredit(clinic, ProviderStatus.NONE);
        assertFailsWith(upload(MediaTypes.FHIR_JSON, OBSERVATION), ErrorCode.GATEWAY_NOT_ACCREDITED);
        assertThat(buffers.made()).isZero();
    }

    @Test
    void refusesInvalidFhirWithFhir0001CarryingTheValidatorsOperationOutcome() {
        FhirIssue missingStatus = new FhirIssue("error", "required", "Observation.status: minimum required = 1",
                List.of("Observation.status"));
        stack.fhir.reports(missingStatus);

        DomainException refused = assertFailsWith(upload(MediaTypes.FHIR_JSON, OBSERVATION), ErrorCode.FHIR_INVALID);

        assertThat(refused.properties()).containsEntry("operationOutcome", OperationOutcomes.of(List.of(missingStatus)));
        assertThat(stack.records.versions()).isEmpty();
        assertThat(stack.content.pinned()).isEmpty();
    }

    @Test
    void refusesJsonThatIsNotAFhirResourceWithFhir0001() {
        assertFailsWith(upload("application/json", "{\"status\":\"final\"}".getBytes(StandardCharsets.UTF_8)),
                ErrorCode.FHIR_INVALID);
    }

    @Test
    void refusesAResourceTypeNoCategoryHoldsWithFhir0002() {
        assertFailsWith(upload(MediaTypes.FHIR_JSON, "{\"resourceType\":\"Practitioner\"}".getBytes(
                StandardCharsets.UTF_8)), ErrorCode.FHIR_UNSUPPORTED_RESOURCE);
    }

    @Test
    void refusesAMediaTypeTheGatewayDoesNotTakeWithRequest0006() {
        assertFailsWith(upload("text/plain", OBSERVATION), ErrorCode.REQUEST_UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void refusesFhirOverItsSizeLimitWithRequest0005() {
        byte[] tooLarge = new byte[RecordStack.LIMITS.maxFhirBytes() + 1];

        assertFailsWith(upload(MediaTypes.FHIR_JSON, tooLarge), ErrorCode.REQUEST_TOO_LARGE);
    }

    @Test
    void refusesAPayloadOverTheRecordSizeLimitWithRequest0005() {
        stack.registry.allowWrite(patient, clinic, Category.PDF_DOCUMENT);
        byte[] tooLarge = new byte[(int) RecordStack.LIMITS.maxRecordBytes() + 1];

        assertFailsWith(upload("application/pdf", tooLarge), ErrorCode.REQUEST_TOO_LARGE);
        assertThat(stack.content.pinned()).isEmpty();
    }

    @Test
    void refusesADeclaredLengthOverTheLimitWithRequest0005WithoutReadingTheBody() {
        GatewayUpload declared = new GatewayUpload(patient, MediaTypes.FHIR_JSON, Optional.empty(),
                OptionalLong.of(RecordStack.LIMITS.maxRecordBytes() + 1));

        assertFailsWith(gateway.upload(clinic, declared, buffers.pieces(OBSERVATION, 10)),
                ErrorCode.REQUEST_TOO_LARGE);
        assertThat(buffers.made()).isZero();
    }

    @Test
    void refusesAClinicWithoutWriteOnTheResourcesCategoryWithRecord0012() {
        byte[] condition = "{\"resourceType\":\"Condition\"}".getBytes(StandardCharsets.UTF_8);

        assertFailsWith(upload(MediaTypes.FHIR_JSON, condition), ErrorCode.RECORD_NOT_WRITABLE);
        assertThat(stack.records.versions()).isEmpty();
    }

    @Test
    void refusesARecordForAPatientWithoutAPublishedKeyWithDirectory0008() {
        Participant unpublished = stack.otherPatient;
        stack.registry.allowWrite(unpublished.address(), clinic, Category.OBSERVATION);

        assertFailsWith(gateway.upload(clinic, new GatewayUpload(unpublished.address(), MediaTypes.FHIR_JSON,
                Optional.empty(), OptionalLong.empty()), buffers.pieces(OBSERVATION, 10)),
                ErrorCode.DIRECTORY_NO_ENCRYPTION_KEY);
        assertThat(stack.records.versions()).isEmpty();
    }

    @Test
    void anUploadWhileIpfsIsDownFailsWithContent0001AndNothingIsAnchored() {
        stack.content.outage.begin(ErrorCode.CONTENT_UNAVAILABLE);

        assertFailsWith(upload(MediaTypes.FHIR_JSON, OBSERVATION), ErrorCode.CONTENT_UNAVAILABLE);

        assertThat(stack.requests.all()).isEmpty();
        assertThat(stack.records.versions()).extracting(RecordVersion::status).containsOnly(RecordStatus.RESERVED);
    }

    @Test
    void anUploadWhileTheChainIsDownFailsWithChain0001() {
        stack.directory.outage.begin(ErrorCode.CHAIN_UNAVAILABLE);

        assertFailsWith(upload(MediaTypes.FHIR_JSON, OBSERVATION), ErrorCode.CHAIN_UNAVAILABLE);
        assertThat(stack.records.versions()).isEmpty();
    }

    @Test
    void theClinicReadsBackThePlaintextOfAnAnchoredRecordAndTheReadIsLogged() {
        byte[] large = new byte[40_000];
        System.arraycopy(OBSERVATION, 0, large, 0, OBSERVATION.length);
        stack.registry.allowWrite(patient, clinic, Category.PDF_DOCUMENT);
        stack.consent.grant(patient, clinic, Category.PDF_DOCUMENT, Action.READ);
        UploadReceipt receipt = upload("application/pdf", large).block();
        anchorOnChain(receipt);

        RecordContent read = gateway.readPlaintext(clinic, receipt.version().id()).block();

        assertThat(ByteStreams.join(read.bytes())).isEqualTo(large);
        assertThat(stack.readLog.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.reader()).isEqualTo(clinic);
            assertThat(entry.allowed()).isTrue();
        });
    }

    @Test
    void readingPlaintextIsRefusedToAClinicThatIsNotOrNoLongerAccreditedWithGateway0001AndNothingIsRead() {
        stack.registry.allowWrite(patient, clinic, Category.PDF_DOCUMENT);
        stack.consent.grant(patient, clinic, Category.PDF_DOCUMENT, Action.READ);
        UploadReceipt receipt = upload("application/pdf", "%PDF-1.7 a letter".getBytes(StandardCharsets.UTF_8)).block();
        anchorOnChain(receipt);
        RecordId id = receipt.version().id();

        stack.directory.accredit(clinic, ProviderStatus.NONE);
        assertFailsWith(gateway.readPlaintext(clinic, id), ErrorCode.GATEWAY_NOT_ACCREDITED);
        stack.directory.accredit(clinic, ProviderStatus.SUSPENDED);
        assertFailsWith(gateway.readPlaintext(clinic, id), ErrorCode.GATEWAY_NOT_ACCREDITED);
        assertThat(stack.readLog.entries()).isEmpty();

        stack.directory.accredit(clinic, ProviderStatus.ACTIVE);
        assertThat(gateway.readPlaintext(clinic, id).block().version().id()).isEqualTo(id);
    }

    @Test
    void readingPlaintextIsRefusedToAClinicWhoseKeyTheGatewayDoesNotHoldWithGateway0002() {
        assertFailsWith(gateway.readPlaintext(stack.provider.address(), RecordId.of(patient, Category.OBSERVATION,
                1)), ErrorCode.GATEWAY_NO_CLINIC_KEY);
    }

    @Test
    void readingARecordWhoseKeyWasWrappedForAnotherKeyOfTheClinicFailsWithAccess0003() {
        RecordId id = RecordId.of(patient, Category.OBSERVATION, 1);
        stack.anchored(id, stack.patient, new byte[] {1}, new ReaderKey(clinic,
                new EciesKeyWrap().wrap(RecordKey.generate(), stack.stranger.publicKey())));
        stack.consent.grant(patient, clinic, Category.OBSERVATION, Action.READ);

        assertFailsWith(gateway.readPlaintext(clinic, id), ErrorCode.ACCESS_NO_WRAPPED_KEY);
    }

    @Test
    void readingPlaintextWithoutReadIsDeniedAsAnyReadWithAccess0002() {
        RecordId id = RecordId.of(patient, Category.OBSERVATION, 1);
        stack.anchored(id, stack.patient, new byte[] {1});

        assertFailsWith(gateway.readPlaintext(clinic, id), ErrorCode.ACCESS_DENIED);
        assertThat(stack.readLog.entries()).singleElement().satisfies(entry -> assertThat(entry.allowed()).isFalse());
    }

    private Mono<UploadReceipt> upload(String mediaType, byte[] body) {
        return gateway.upload(clinic, new GatewayUpload(patient, mediaType, Optional.empty(), OptionalLong.empty()),
                buffers.pieces(body, 1000));
    }

    private GatewayUpload fhirUpload() {
        return new GatewayUpload(patient, MediaTypes.FHIR_JSON, Optional.empty(), OptionalLong.empty());
    }

    private void anchorOnChain(UploadReceipt receipt) {
        RecordVersion version = receipt.version();
        stack.registry.mine(new AnchorRequest(version.id(), version.author(), version.cid().orElseThrow(),
                version.supersedes()));
        stack.anchors.onConfirmed(receipt.anchor().sent("tx-1", RecordStack.NOW)
                .mined(new MinedTransaction("0x" + "cd".repeat(32), 101, 60_000), RecordStack.NOW)
                .confirmed(RecordStack.NOW)).block();
    }

    /** Opens the stored ciphertext as {@code reader} would: unwrap their key, decrypt the envelope bound to the id. */
    private byte[] decryptAs(Participant reader, RecordVersion version) {
        RecordKey key = new EciesKeyWrap().unwrap(stack.records.keys(version.id()).get(reader.address()).wrappedKey(),
                reader.key());
        byte[] ciphertext = stack.content.bytesOf(version.cid().orElseThrow()).orElseThrow();
        return new EnvelopeEncryptor().decrypt(EnvelopeKey.fromBytes(key.toBytes()), version.id(), ciphertext);
    }

    private static ReaderKey wrap(RecordKey key, Participant reader) {
        return new ReaderKey(reader.address(), new EciesKeyWrap().wrap(key, reader.publicKey()));
    }
}
