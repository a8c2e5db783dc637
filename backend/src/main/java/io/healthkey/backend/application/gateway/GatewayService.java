package io.healthkey.backend.application.gateway;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import io.healthkey.backend.application.access.AccessChainPort;
import io.healthkey.backend.application.directory.ParticipantDirectoryPort;
import io.healthkey.backend.application.record.BlockingStreamBridge;
import io.healthkey.backend.application.record.ContentStorePort;
import io.healthkey.backend.application.record.ReadRecordUseCase;
import io.healthkey.backend.application.record.RecordContent;
import io.healthkey.backend.application.record.RecordRepositoryPort;
import io.healthkey.backend.application.record.RecordWriter;
import io.healthkey.backend.application.record.UploadReceipt;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.directory.ProviderStatus;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.fhir.FhirValidation;
import io.healthkey.backend.domain.fhir.OperationOutcomes;
import io.healthkey.backend.domain.record.MediaTypes;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordOrigin;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.ProtocolException;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.envelope.EnvelopeEncryptor;
import io.healthkey.protocol.envelope.EnvelopeKey;
import io.healthkey.protocol.keywrap.EciesKeyWrap;
import io.healthkey.protocol.keywrap.RecordKey;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@link GatewayUseCase}: plaintext in and out for clinics that entrust this gateway with their key. */
public final class GatewayService implements GatewayUseCase {

    private static final Map<String, Category> PAYLOAD_CATEGORIES = Map.of(
            "application/pdf", Category.PDF_DOCUMENT,
            "application/dicom", Category.DICOM_IMAGE);
    private static final List<String> FHIR_MEDIA_TYPES = List.of(MediaTypes.FHIR_JSON, "application/json");

    private final RecordWriter writer;
    private final ReadRecordUseCase reads;
    private final RecordRepositoryPort records;
    private final ParticipantDirectoryPort directory;
    private final AccessChainPort consent;
    private final ContentStorePort content;
    private final FhirValidationPort fhir;
    private final GatewayKeyPort clinicKeys;
    private final DataBufferFactory uploadBuffers;
    private final EnvelopeEncryptor envelopes = new EnvelopeEncryptor();
    private final EciesKeyWrap keyWrap = new EciesKeyWrap();

    /**
     * @param uploadBuffers where the ciphertext of an upload is written on its way to the content store, which
     *     releases each buffer once stored: a pool keeps large uploads from leaving garbage behind
     */
    public GatewayService(RecordWriter writer, ReadRecordUseCase reads, RecordRepositoryPort records,
            ParticipantDirectoryPort directory, AccessChainPort consent, ContentStorePort content, FhirValidationPort fhir,
            GatewayKeyPort clinicKeys, DataBufferFactory uploadBuffers) {
        this.writer = writer;
        this.reads = reads;
        this.records = records;
        this.directory = directory;
        this.consent = consent;
        this.content = content;
        this.fhir = fhir;
        this.clinicKeys = clinicKeys;
        this.uploadBuffers = uploadBuffers;
    }

    @Override
    public Mono<UploadReceipt> upload(EthAddress clinic, GatewayUpload upload, Flux<DataBuffer> plaintext) {
        String mediaType = upload.mediaType().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        long max = writer.limits().maxRecordBytes();
        return writer.requireWithinLimit(upload.declaredLength())
                .then(entrustedKeyOf(clinic))
                .then(FHIR_MEDIA_TYPES.contains(mediaType) ? validatedFhir(plaintext)
                        : payload(mediaType, plaintext, max))
                .flatMap(body -> writer.requireWriter(clinic, upload.patient(), body.category())
                        .then(writer.requireSupersedable(upload.supersedes(), upload.patient(), body.category()))
                        .then(requirePublishedKey(upload.patient()))
                        .then(writer.reserve(clinic, RecordOrigin.GATEWAY, upload.patient(), body.category(),
                                body.mediaType(), upload.supersedes(), List.of()))
                        .flatMap(reservation -> encryptAndStore(clinic, reservation, body)));
    }

    @Override
    public Mono<RecordContent> readPlaintext(EthAddress clinic, RecordId id) {
        return entrustedKeyOf(clinic)
                .flatMap(clinicKey -> reads.read(clinic, id).map(record -> {
                    EnvelopeKey key = EnvelopeKey.fromBytes(unwrap(record, clinicKey).toBytes());
                    Flux<ByteBuffer> decrypted = BlockingStreamBridge.chunksOf(() -> envelopes.decryptingStream(key, id,
                            BlockingStreamBridge.inputStreamOfBytes(record.bytes())));
                    return new RecordContent(record.version(), record.anchoredCid(), record.wrappedKey(), decrypted);
                }));
    }

    /**
     * Encrypts under a fresh key into a version 2 envelope (the key wrapped for the patient's published key in its
     * header, so that the patient reads it without this database), wraps it for the readers, stores and anchors; the
     * key is not kept.
     */
    private Mono<UploadReceipt> encryptAndStore(EthAddress clinic, RecordVersion reservation, Plaintext body) {
        RecordKey recordKey = RecordKey.generate();
        EnvelopeKey envelopeKey = EnvelopeKey.fromBytes(recordKey.toBytes());
        EncryptionPublicKey clinicKey = clinicKeys.keyOf(clinic).orElseThrow(GatewayService::noClinicKey).publicKey();
        return directory.encryptionKeyOf(reservation.patient())
                .switchIfEmpty(Mono.error(GatewayService::noPatientKey))
                .flatMap(patientKey -> readersOf(clinic, reservation)
                        .concatMap(reader -> (reader.equals(clinic) ? Mono.just(clinicKey)
                                        : directory.encryptionKeyOf(reader))
                                .map(publicKey -> new ReaderKey(reader, keyWrap.wrap(recordKey, publicKey))))
                        .collectList()
                        .flatMap(keys -> records.saveKeys(reservation.id(), keys))
                        .then(content.put(BlockingStreamBridge.chunksOf(() -> envelopes.ciphertextOf(envelopeKey,
                                reservation.id(), patientKey, BlockingStreamBridge.inputStreamOf(body.bytes())),
                                uploadBuffers))))
                .flatMap(stored -> writer.anchor(reservation, stored));
    }

    private Mono<Void> requirePublishedKey(EthAddress patient) {
        return directory.encryptionKeyOf(patient)
                .switchIfEmpty(Mono.error(GatewayService::noPatientKey))
                .then();
    }

    private static DomainException noPatientKey() {
        return new DomainException(ErrorCode.DIRECTORY_NO_ENCRYPTION_KEY,
                "the patient has not published an encryption key to wrap the record key for");
    }

    /** The patient, the clinic, and every reader of the superseded version who may still read the new one. */
    private Flux<EthAddress> readersOf(EthAddress clinic, RecordVersion reservation) {
        EthAddress patient = reservation.patient();
        Flux<EthAddress> carriedOver = Mono.justOrEmpty(reservation.supersedes())
                .flatMapMany(records::keysOf)
                .map(ReaderKey::reader)
                .filter(reader -> !reader.equals(patient) && !reader.equals(clinic))
                .concatMap(reader -> consent.hasAccess(new AccessQuery(patient, reader, reservation.id(), Action.READ))
                        .filter(decision -> decision.allowed())
                        .map(decision -> reader));
        return Flux.concat(Flux.just(patient, clinic), carriedOver).distinct();
    }

    /**
     * The one rule of both directions: the gateway encrypts and decrypts only for a clinic that entrusted it with
     * its key ({@code GATEWAY-0002} otherwise) and is an accredited, active provider now ({@code GATEWAY-0001}).
     */
    private Mono<EncryptionPrivateKey> entrustedKeyOf(EthAddress clinic) {
        return Mono.justOrEmpty(clinicKeys.keyOf(clinic))
                .switchIfEmpty(Mono.error(GatewayService::noClinicKey))
                .flatMap(key -> directory.providerStatus(clinic).defaultIfEmpty(ProviderStatus.NONE)
                        .flatMap(status -> status == ProviderStatus.ACTIVE ? Mono.just(key)
                                : Mono.error(new DomainException(ErrorCode.GATEWAY_NOT_ACCREDITED,
                                        "the gateway serves accredited, active providers only"))));
    }

    private Mono<Plaintext> validatedFhir(Flux<DataBuffer> body) {
        int max = writer.limits().maxFhirBytes();
        return BlockingStreamBridge.collect(body, max)
                .publishOn(Schedulers.boundedElastic())
                .map(json -> {
                    FhirValidation validation = fhir.validate(json);
                    if (!validation.isValid()) {
                        throw DomainException.withProperties(ErrorCode.FHIR_INVALID,
                                "the resource is not valid FHIR R4; see operationOutcome",
                                Map.of("operationOutcome", OperationOutcomes.of(validation.issues())));
                    }
                    String type = validation.resourceType().orElseThrow();
                    Category category;
                    try {
                        category = Category.ofFhirResourceType(type);
                    } catch (ProtocolException unknown) {
                        throw new DomainException(ErrorCode.FHIR_UNSUPPORTED_RESOURCE,
                                "no record category holds resources of this resourceType");
                    }
                    return new Plaintext(category, MediaTypes.FHIR_JSON, Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(json)));
                });
    }

    private static Mono<Plaintext> payload(String mediaType, Flux<DataBuffer> body, long max) {
        Category category = PAYLOAD_CATEGORIES.get(mediaType);
        if (category == null) {
            return Mono.error(new DomainException(ErrorCode.REQUEST_UNSUPPORTED_MEDIA_TYPE,
                    "the gateway takes application/fhir+json, application/pdf or application/dicom"));
        }
        return Mono.just(new Plaintext(category, mediaType, BlockingStreamBridge.limited(body, max)));
    }

    private static RecordKey unwrap(RecordContent record, EncryptionPrivateKey clinicKey) {
        try {
            return new EciesKeyWrap().unwrap(record.wrappedKey(), clinicKey);
        } catch (ProtocolException e) {
            throw new DomainException(ErrorCode.ACCESS_NO_WRAPPED_KEY,
                    "the record key was not wrapped for the key this gateway holds for you");
        }
    }

    private static DomainException noClinicKey() {
        return new DomainException(ErrorCode.GATEWAY_NO_CLINIC_KEY,
                "this gateway does not hold your encryption key; upload client-side encrypted records instead");
    }

    private record Plaintext(Category category, String mediaType, Flux<DataBuffer> bytes) {
    }
}
