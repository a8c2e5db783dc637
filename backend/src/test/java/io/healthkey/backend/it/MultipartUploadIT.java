package io.healthkey.backend.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.web3j.protocol.Web3j;

import io.healthkey.backend.application.record.ContentStorePort;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.support.ApiClient;
import io.healthkey.backend.support.BackendITSupport;
import io.healthkey.backend.support.NodeScript;
import io.healthkey.backend.support.Records;
import io.healthkey.backend.support.Wallet;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.envelope.EnvelopeEncryptor;
import io.healthkey.protocol.envelope.EnvelopeKey;
import io.healthkey.protocol.envelope.EnvelopeVersion;
import io.healthkey.protocol.keywrap.EciesKeyWrap;
import io.healthkey.protocol.keywrap.RecordKey;
import reactor.core.publisher.Flux;

/**
 * A record uploaded in parts against the real Kubo node and chain: a part lost midway is sent again after asking
 * which parts the service has, and the completed record is the very DAG a one-shot upload of the same envelope
 * gives (Kubo's own {@code add}, and ipfs-unixfs-importer through {@code interop/cid-oracle.mjs}). Then what a broken
 * or malicious client sends: each its problem, nothing stored, nothing anchored.
 */
class MultipartUploadIT extends BackendITSupport {

    private static final long SEALED = EnvelopeVersion.sealedSegmentLength();
    private static final int HEADER = EnvelopeVersion.V2.headerLength();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    ContentStorePort content;

    @Autowired
    Web3j web3j;

    @Autowired
    Deployment deployment;

    private ApiClient patient;
    private RecordKey key;
    private RecordId id;
    /** 3.5 MiB of plaintext (under the test backend's 4 MiB limit): the header and four sealed segments. */
    private byte[] plaintext;
    private byte[] envelope;

    @BeforeEach
    void reserve() {
        patient = client(Wallet.create());
        patient.publishEncryptionKey();
        key = RecordKey.generate();
        Map<?, ?> reservation = patient.post("/api/v1/records", Map.of("patient", patient.address().toString(),
                        "category", String.valueOf(Category.PDF_DOCUMENT.code()), "mediaType", "application/pdf",
                        "wrappedKeys", Map.of(patient.address().toString(), new EciesKeyWrap().wrap(key,
                                patient.encryptionKey().publicKey()).toHex())))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        id = RecordId.parse((String) reservation.get("recordId"));
        plaintext = new byte[3 * (1 << 20) + (1 << 19)];
        new Random(16).nextBytes(plaintext);
        envelope = new EnvelopeEncryptor().encrypt(EnvelopeKey.fromBytes(key.toBytes()), id,
                patient.encryptionKey().publicKey(), plaintext);
    }

    @Test
    void aPartLostMidwayIsResumedAndTheRecordIsTheOneShotUploadsDag() throws IOException {
        long firstEnd = HEADER + 2 * SEALED;
        long secondEnd = firstEnd + SEALED;
        Map<?, ?> first = putPart(0, 0, firstEnd).expectStatus().isOk().expectBody(Map.class).returnResult()
                .getResponseBody();
        assertThat(first.get("lastByte")).isEqualTo((int) firstEnd - 1);

        Flux<DataBuffer> cut = Flux.<DataBuffer>just(DefaultDataBufferFactory.sharedInstance.wrap(
                        Arrays.copyOfRange(envelope, (int) firstEnd, (int) (firstEnd + SEALED / 2))))
                .concatWith(Flux.error(new IOException("the connection dropped")));
        assertThatThrownBy(() -> part(1, firstEnd, SEALED).body(cut, DataBuffer.class).exchange())
                .hasStackTraceContaining("the connection dropped");

        Map<?, ?> resume = patient.http().get().uri("/api/v1/records/{id}/content/parts", id.toHex()).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(resume.get("nextPartNumber")).isEqualTo(1);
        assertThat(((Number) resume.get("nextByte")).longValue()).isEqualTo(firstEnd);
        assertThat(resume.get("whole")).isEqualTo(false);

        putPart(0, 0, firstEnd).expectStatus().isOk().expectBody().jsonPath("$.sha256").isEqualTo(first.get("sha256"));
        putPart(1, firstEnd, SEALED).expectStatus().isOk();
        putPart(2, secondEnd, envelope.length - secondEnd).expectStatus().isOk();
        Cid expected = Records.cidOf(envelope);
        assertThat(oracleCid(envelope)).as("ipfs-unixfs-importer").isEqualTo(expected);

        Map<?, ?> accepted = complete(expected.toString()).expectStatus().isAccepted().expectBody(Map.class)
                .returnResult().getResponseBody();
        assertThat(accepted.get("cid")).isEqualTo(expected.toString());
        patient.awaitConfirmed((String) accepted.get("statusUrl"));

        assertThat(content.put(Flux.<DataBuffer>just(DefaultDataBufferFactory.sharedInstance.wrap(envelope))).block().cid())
                .as("Kubo's add of the whole envelope").isEqualTo(expected);
        var read = patient.http().mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 << 20)).build()
                .get().uri("/api/v1/records/{id}/content", id.toHex()).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("HealthKey-Cid", expected.toString())
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(read).as("the envelope read back").isEqualTo(envelope);
        assertThat(new EnvelopeEncryptor().decrypt(EnvelopeKey.fromBytes(key.toBytes()), id, read))
                .isEqualTo(plaintext);
        complete(expected.toString()).expectStatus().isEqualTo(409).expectBody().jsonPath("$.code")
                .isEqualTo("RECORD-0010");
    }

    @Test
    void everyBadPartOrCompletionHasItsProblemAndChangesNothing() {
        long firstEnd = HEADER + 2 * SEALED;
        String range = "bytes 0-" + (firstEnd - 1) + "/" + envelope.length;
        problem(part(0, 0, firstEnd).headers(headers -> headers.remove(HttpHeaders.CONTENT_RANGE))
                .bodyValue(slice(0, firstEnd)).exchange(), 422, "REQUEST-0002");
        problem(putPart(1, firstEnd, SEALED), 409, "RECORD-0017");
        problem(putPart(0, 0, firstEnd - 1), 422, "RECORD-0018");
        problem(part(0, 0, HEADER + SEALED).headers(headers -> headers.set(HttpHeaders.CONTENT_RANGE, "bytes 0-"
                + (HEADER + SEALED - 1) + "/" + (MAX_RECORD_SIZE + 1))).bodyValue(slice(0, HEADER + SEALED))
                .exchange(), 413, "REQUEST-0005");
        problem(complete(Records.cidOf(envelope).toString()), 409, "RECORD-0019");
        String echoed = client(Wallet.create()).http().put()
                .uri("/api/v1/records/{id}/content/parts/0", id.toHex()).contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_RANGE, range).bodyValue(slice(0, firstEnd)).exchange()
                .expectStatus().isEqualTo(409).expectBody(String.class).returnResult().getResponseBody();
        assertThat(echoed).contains("RECORD-0010").doesNotContain(range);

        putPart(0, 0, firstEnd).expectStatus().isOk();
        byte[] other = slice(0, firstEnd);
        other[HEADER + 1] ^= 1;
        problem(part(0, 0, firstEnd).bodyValue(other).exchange(), 409, "RECORD-0016");
        problem(putPart(1, firstEnd - SEALED, SEALED), 409, "RECORD-0017");
        long secondEnd = firstEnd + SEALED;
        putPart(1, firstEnd, SEALED).expectStatus().isOk();
        putPart(2, secondEnd, envelope.length - secondEnd).expectStatus().isOk();
        problem(complete(Records.cidOf(Arrays.copyOf(envelope, envelope.length - 1)).toString()), 422, "RECORD-0020");
        problem(complete("not a cid"), 422, "REQUEST-0002");

        Map<?, ?> parts = patient.http().get().uri("/api/v1/records/{id}/content/parts", id.toHex()).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat((List<?>) parts.get("parts")).hasSize(3);
        assertThat(parts.get("whole")).isEqualTo(true);
        assertThat(Records.anchoredEventsOf(web3j, deployment.recordRegistry().toString(), patient.address()))
                .as("RecordAnchored events of the patient").isZero();
    }

    private WebTestClient.ResponseSpec putPart(int number, long offset, long length) {
        return part(number, offset, length).bodyValue(slice(offset, length)).exchange();
    }

    private WebTestClient.RequestBodySpec part(int number, long offset, long length) {
        return patient.http().put().uri("/api/v1/records/{id}/content/parts/{n}", id.toHex(), number)
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_RANGE, "bytes " + offset + "-" + (offset + length - 1) + "/"
                        + envelope.length);
    }

    private WebTestClient.ResponseSpec complete(String cid) {
        return patient.http().post().uri("/api/v1/records/{id}/content/complete", id.toHex())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("cid", cid)).exchange();
    }

    private byte[] slice(long offset, long length) {
        return Arrays.copyOfRange(envelope, (int) offset, (int) (offset + length));
    }

    private static void problem(WebTestClient.ResponseSpec response, int status, String code) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo(code);
    }

    private Cid oracleCid(byte[] bytes) throws IOException {
        Path file = Files.createTempFile("envelope-", ".bin");
        try {
            Files.write(file, bytes);
            NodeScript.Result oracle = NodeScript.run(stack().root(), "cid-oracle.mjs", "", file.toString());
            assertThat(oracle.exitCode()).as(oracle.stdout()).isZero();
            return Cid.parse(JSON.readTree(oracle.stdout()).path("cid").asText());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
