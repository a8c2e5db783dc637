package io.healthkey.backend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.web3j.protocol.Web3j;

import io.healthkey.backend.application.record.ContentStorePort;
import io.healthkey.backend.application.record.RecordRegistryPort;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.support.ApiClient;
import io.healthkey.backend.support.BackendITSupport;
import io.healthkey.backend.support.GatewayClinic;
import io.healthkey.backend.support.Providers;
import io.healthkey.backend.support.Records;
import io.healthkey.backend.support.Wallet;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.envelope.EnvelopeEncryptor;
import io.healthkey.protocol.envelope.EnvelopeKey;
import io.healthkey.protocol.keywrap.EciesKeyWrap;
import io.healthkey.protocol.keywrap.RecordKey;
import reactor.core.publisher.Flux;

/**
 * Client-side encrypted records: the patient encrypts, the service stores and anchors ciphertext it cannot read.
 * And what a malicious or broken client sends: each gets a clear problem+json, and nothing is anchored.
 */
class ClientRecordIT extends BackendITSupport {

    private static final byte[] PDF = "%PDF-1.7 a discharge letter".getBytes(StandardCharsets.US_ASCII);

    @Autowired
    RecordRegistryPort registry;

    @Autowired
    DatabaseClient database;

    @Autowired
    Web3j web3j;

    @Autowired
    ContentStorePort content;

    @Autowired
    Deployment deployment;

    @Autowired
    MeterRegistry meters;

    private ApiClient patient;
    private final EnvelopeEncryptor envelopes = new EnvelopeEncryptor();
    private final EciesKeyWrap keyWrap = new EciesKeyWrap();

    @BeforeEach
    void patient() {
        patient = client(Wallet.create());
    }

    @Test
    void patientReservesUploadsCiphertextAndReadsItBackAnchored() {
        RecordKey key = RecordKey.generate();
        Map<?, ?> reservation = reserve(patient, Category.PDF_DOCUMENT, "application/pdf", key)
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        RecordId id = RecordId.parse((String) reservation.get("recordId"));
        byte[] envelope = envelopes.encrypt(EnvelopeKey.fromBytes(key.toBytes()), id, PDF);

        Map<?, ?> accepted = upload(patient.http(), id, envelope).expectStatus().isAccepted()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(accepted.get("size")).isEqualTo(envelope.length);
        patient.awaitConfirmed((String) accepted.get("statusUrl"));

        ApiClient.Opened opened = patient.readAndDecrypt(id);
        assertThat(opened.plaintext()).isEqualTo(PDF);
        assertThat(opened.key()).isEqualTo(key);
        assertThat(registry.anchored(id).block().author()).isEqualTo(patient.address());
    }

    @Test
    void aNewVersionSupersedesTheOldOneWhoseCiphertextIsUnpinned() {
        RecordKey oldKey = RecordKey.generate();
        RecordId old = reservedId(oldKey);
        Map<?, ?> first = upload(patient.http(), old, envelopes.encrypt(EnvelopeKey.fromBytes(oldKey.toBytes()), old, PDF))
                .expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
        patient.awaitConfirmed((String) first.get("statusUrl"));

        RecordKey newKey = RecordKey.generate();
        Map<?, ?> reservation = patient.post("/api/v1/records", Map.of("patient", patient.address().toString(),
                        "category", "4096", "mediaType", "application/pdf", "supersedes", old.toHex(),
                        "wrappedKeys", Map.of(patient.address().toString(), wrapped(patient, newKey))))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        RecordId next = RecordId.parse((String) reservation.get("recordId"));
        byte[] amended = "%PDF-1.7 an amended letter".getBytes(StandardCharsets.US_ASCII);
        Map<?, ?> second = upload(patient.http(), next, envelopes.encrypt(EnvelopeKey.fromBytes(newKey.toBytes()),
                next, amended)).expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
        patient.awaitConfirmed((String) second.get("statusUrl"));

        assertThat(registry.anchored(next).block().supersedes()).contains(old);
        assertThat(content.isPinned(Cid.parse((String) first.get("cid"))).block()).isFalse();
        assertThat(patient.readAndDecrypt(next).plaintext()).isEqualTo(amended);
        assertThat(patient.list("/api/v1/patients/" + patient.address() + "/records"))
                .extracting(record -> record.get("recordId") + " " + record.get("supersededBy"))
                .containsExactly(next.toHex() + " null", old.toHex() + " " + next.toHex());
        patient.post("/api/v1/records", Map.of("patient", patient.address().toString(), "category", "4096",
                        "mediaType", "application/pdf", "supersedes", old.toHex(),
                        "wrappedKeys", Map.of(patient.address().toString(), wrapped(patient, newKey))))
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("RECORD-0005");
    }

    @Test
    void anIdThatNamesNoRecordIsNotFoundAndNotLogged() {
        RecordId invented = RecordId.of(patient.address(), Category.PDF_DOCUMENT, 999_999);
        ApiClient stranger = client(Wallet.create());

        stranger.http().get().uri("/api/v1/records/{id}/content", invented.toHex()).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("RECORD-0008");
        stranger.http().get().uri("/api/v1/records/{id}/content", "0x1234").exchange()
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("REQUEST-0002");

        assertThat(patient.list("/api/v1/patients/" + patient.address() + "/reads")).isEmpty();
    }

    @Test
    void aReservationNeedsThePatientsWrappedKeyAndAWriterAndIsUsedOnce() {
        patient.post("/api/v1/records", Map.of("patient", patient.address().toString(), "category", "4096",
                        "mediaType", "application/pdf", "wrappedKeys", Map.of()))
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("RECORD-0011");
        ApiClient stranger = client(Wallet.create());
        stranger.post("/api/v1/records", Map.of("patient", patient.address().toString(), "category", "4096",
                        "mediaType", "application/pdf", "wrappedKeys", Map.of(
                                patient.address().toString(), wrapped(patient, RecordKey.generate()),
                                stranger.address().toString(), wrapped(stranger, RecordKey.generate()))))
                .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("RECORD-0012");
        reserve(patient, Category.OBSERVATION, "application/pdf", RecordKey.generate())
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("REQUEST-0002");

        RecordKey key = RecordKey.generate();
        RecordId id = reservedId(key);
        byte[] envelope = envelopes.encrypt(EnvelopeKey.fromBytes(key.toBytes()), id, PDF);
        upload(patient.http(), id, envelope).expectStatus().isAccepted();
        upload(patient.http(), id, envelope).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("RECORD-0010");
        upload(client(Wallet.create()).http(), reservedId(RecordKey.generate()), envelope)
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("RECORD-0010");
    }

    @Test
    void bytesThatAreNoEnvelopeAreRefusedAndNothingIsAnchored() {
        RecordKey key = RecordKey.generate();
        RecordId id = reservedId(key);
        byte[] envelope = envelopes.encrypt(EnvelopeKey.fromBytes(key.toBytes()), id, PDF);

        upload(patient.http(), id, PDF).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("RECORD-0014");
        upload(patient.http(), id, Arrays.copyOf(envelope, 56)).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("RECORD-0014");
        patient.http().put().uri("/api/v1/records/{id}/content", id.toHex()).contentType(MediaType.TEXT_PLAIN)
                .bodyValue("hello").exchange()
                .expectStatus().isEqualTo(415).expectBody().jsonPath("$.code").isEqualTo("REQUEST-0006");
        byte[] oversized = new byte[(int) MAX_RECORD_SIZE + 1];
        System.arraycopy(envelope, 0, oversized, 0, 2);
        upload(patient.http(), id, oversized).expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.code").isEqualTo("REQUEST-0005");
        patient.post("/api/v1/records", "{\"patient\": ").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("REQUEST-0001");

        assertThat(registry.isAnchored(id).block()).isFalse();
        upload(patient.http(), id, envelope).expectStatus().isAccepted();
    }

    @Test
    void aMalformedEnvelopeOfAPlausibleLengthIsRefusedAsSuchAndNeverCountedAsAnIpfsOutage() {
        RecordKey key = RecordKey.generate();
        RecordId id = reservedId(key);
        byte[] envelope = envelopes.encrypt(EnvelopeKey.fromBytes(key.toBytes()), id, new byte[300_000]);
        byte[] wrongVersion = envelope.clone();
        wrongVersion[0] = 2;
        byte[] impossibleSegmentSize = envelope.clone();
        impossibleSegmentSize[1] = 63;
        byte[] plainJson = Arrays.copyOf("{\"resourceType\":\"Observation\"}".getBytes(StandardCharsets.UTF_8),
                envelope.length);
        Arrays.fill(plainJson, 30, plainJson.length, (byte) ' ');
        double outagesBefore = outagesCounted();

        for (byte[] malformed : List.of(wrongVersion, impossibleSegmentSize, plainJson)) {
            upload(patient.http(), id, malformed).expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.code").isEqualTo("RECORD-0014");
        }
        byte[] overLimit = Arrays.copyOf(envelope, (int) MAX_RECORD_SIZE + 1);
        patient.http().put().uri("/api/v1/records/{id}/content", id.toHex())
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(Flux.range(0, 65).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(Arrays.copyOfRange(
                        overLimit, i * 65_536, Math.min(overLimit.length, (i + 1) * 65_536)))), DataBuffer.class)
                .exchange()
                .expectStatus().isEqualTo(413).expectBody().jsonPath("$.code").isEqualTo("REQUEST-0005");

        assertThat(outagesCounted()).isEqualTo(outagesBefore);
        assertThat(registry.isAnchored(id).block()).as("nothing anchored").isFalse();
        upload(patient.http(), id, envelope).expectStatus().isAccepted();
    }

    /** What an operator's alert on an IPFS outage counts: 503 answers and Kubo calls that got no answer. */
    private double outagesCounted() {
        double unavailable = meters.find("healthkey.problems").tag("status", "503").counters().stream()
                .mapToDouble(Counter::count).sum();
        double unreachable = meters.find("healthkey.ipfs.rpc").tag("outcome", "unreachable").timers().stream()
                .mapToDouble(Timer::count).sum();
        return unavailable + unreachable;
    }

    @Test
    void aStoredCidThatIsNotTheAnchoredOneIsNeverServed() {
        RecordKey key = RecordKey.generate();
        RecordId id = reservedId(key);
        Map<?, ?> accepted = upload(patient.http(), id,
                envelopes.encrypt(EnvelopeKey.fromBytes(key.toBytes()), id, PDF))
                .expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
        patient.awaitConfirmed((String) accepted.get("statusUrl"));
        database.sql("UPDATE record_version SET cid = :cid WHERE record_id = :id")
                .bind("cid", "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e")
                .bind("id", id.toHex()).then().block();

        patient.http().get().uri("/api/v1/records/{id}/content", id.toHex()).exchange()
                .expectStatus().isEqualTo(502).expectBody().jsonPath("$.code").isEqualTo("RECORD-0013");
    }

    @Test
    void theGatewayRefusesInvalidFhirWithItsOperationOutcomeAndOtherMediaTypes() {
        ApiClient clinic = client(GatewayClinic.WALLET);
        Providers.asDeployer(web3j, deployment).accreditIfNeeded(clinic.address());

        clinic.gatewayUpload(patient.address(), MediaType.valueOf("application/fhir+json"),
                        "{\"resourceType\":\"Observation\",\"code\":{\"text\":\"x\"}}".getBytes(StandardCharsets.UTF_8),
                        null)
                .expectStatus().isEqualTo(422)
                .expectBody()
                .jsonPath("$.code").isEqualTo("FHIR-0001")
                .jsonPath("$.operationOutcome.resourceType").isEqualTo("OperationOutcome")
                .jsonPath("$.operationOutcome.issue[0].severity").isEqualTo("error");
        clinic.gatewayUpload(patient.address(), MediaType.valueOf("application/fhir+json"),
                        "not json".getBytes(StandardCharsets.UTF_8), null)
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("FHIR-0001");
        clinic.gatewayUpload(patient.address(), MediaType.IMAGE_PNG, new byte[] {1, 2, 3}, null)
                .expectStatus().isEqualTo(415).expectBody().jsonPath("$.code").isEqualTo("REQUEST-0006");
        client(Wallet.create()).gatewayUpload(patient.address(), MediaType.APPLICATION_PDF, PDF, null)
                .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("GATEWAY-0002");

        assertThat(Records.anchoredEventsOf(web3j, deployment.recordRegistry().toString(), patient.address()))
                .as("RecordAnchored events of the patient").isZero();
    }

    private RecordId reservedId(RecordKey key) {
        Map<?, ?> reservation = reserve(patient, Category.PDF_DOCUMENT, "application/pdf", key)
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        return RecordId.parse((String) reservation.get("recordId"));
    }

    private WebTestClient.ResponseSpec reserve(ApiClient uploader, Category category, String mediaType, RecordKey key) {
        return uploader.post("/api/v1/records", Map.of("patient", patient.address().toString(),
                "category", String.valueOf(category.code()), "mediaType", mediaType,
                "wrappedKeys", Map.of(patient.address().toString(), wrapped(patient, key))));
    }

    private String wrapped(ApiClient reader, RecordKey key) {
        return keyWrap.wrap(key, reader.wallet().encryptionKey().publicKey()).toHex();
    }

    private static WebTestClient.ResponseSpec upload(WebTestClient http, RecordId id, byte[] envelope) {
        return http.put().uri("/api/v1/records/{id}/content", id.toHex())
                .contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(envelope).exchange();
    }
}
