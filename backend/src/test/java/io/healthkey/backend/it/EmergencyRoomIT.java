package io.healthkey.backend.it;

import static io.healthkey.backend.support.ApiClient.accepted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.web3j.protocol.Web3j;
import reactor.core.publisher.Flux;

import io.healthkey.backend.adapter.outbound.webhook.LoopbackReceiver;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.support.ApiClient;
import io.healthkey.backend.support.BackendITSupport;
import io.healthkey.backend.support.ChainClock;
import io.healthkey.backend.support.Providers;
import io.healthkey.backend.support.Wallet;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.EmergencyMessage;
import io.healthkey.protocol.eip712.ShareTransferMessage;
import io.healthkey.protocol.eip712.TypedData;
import io.healthkey.protocol.envelope.EnvelopeEncryptor;
import io.healthkey.protocol.envelope.EnvelopeKey;
import io.healthkey.protocol.keywrap.EciesKeyWrap;
import io.healthkey.protocol.keywrap.RecordKey;
import io.healthkey.protocol.keywrap.WrappedKey;
import io.healthkey.protocol.recovery.Guardian;
import io.healthkey.protocol.recovery.RecoveryKit;
import io.healthkey.protocol.recovery.RecoveryKits;
import io.healthkey.protocol.recovery.ShareTransfers;

/**
 * Issue 15's emergency room, on the real chain and Kubo: the patient set up 2 of 3 keyholders and an emergency kit,
 * and wrapped its summary's key for the kit's key (refused before the kit is anchored); the patient is unreachable;
 * an ER doctor at an accredited clinic requests; one approval opens nothing; the second opens the window; the doctor
 * rebuilds the emergency key from two shares and decrypts the emergency summary byte for byte; the refused approvals
 * change nothing; after the window (the chain's clock moved) the doctor is denied; the patient got the events on its
 * stream and its webhook, and sees the flagged read and the review entry.
 */
class EmergencyRoomIT extends BackendITSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long WINDOW_SECONDS = 900;
    private static final String REASON = "unconscious after a road accident, no relatives reachable";
    /** An International Patient Summary that HAPI validates (IpsEmergencySummaryTest), as the patient encrypts it. */
    private static final byte[] SUMMARY = classpathBytes("/fhir/ips-emergency-summary.json");
    private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENTS =
            new ParameterizedTypeReference<>() { };

    @Autowired
    Deployment deployment;

    @Autowired
    Web3j web3j;

    private final LoopbackReceiver receiver = new LoopbackReceiver(Map.<String, IntSupplier>of("/hook", () -> 204));

    EmergencyRoomIT() throws Exception {
    }

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    @Test
    void twoOfThreeKeyholdersOpenTheWindowAndTheDoctorDecryptsTheSummaryUntilItEnds() {
        Wallet patientWallet = Wallet.create();
        ApiClient patient = client(patientWallet);
        List<Wallet> keyholders = List.of(Wallet.create(), Wallet.create(), Wallet.create());
        Wallet doctorWallet = Wallet.create();
        Providers.asDeployer(web3j, deployment).accredit(doctorWallet.address());
        ApiClient doctor = client(doctorWallet);
        doctor.publishEncryptionKey();
        String base = "/api/v1/patients/" + patientWallet.address();
        patient.post(base + "/webhooks", Map.of("url", receiver.url("/hook"))).expectStatus().isCreated();
        Flux<ServerSentEvent<Map<String, Object>>> stream = patient.http().get().uri(base + "/notifications/stream")
                .accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isOk().returnResult(EVENTS)
                .getResponseBody().filter(event -> event.event() != null).cache();
        stream.subscribe();

        // ahead of time: the summary, its key wrapped for the patient; the kit; the summary's key wrapped for the
        // emergency key, which the service takes only once that key's kit is anchored; the setup
        EncryptionPrivateKey emergencyKey = EncryptionPrivateKey.generate();
        RecordKey summaryKey = RecordKey.generate();
        RecordId summary = uploadSummary(patient, summaryKey);
        Map<String, String> keyForEmergencyKey = Map.of("reader", emergencyKey.publicKey().address().toString(),
                "wrappedKey", new EciesKeyWrap().wrap(summaryKey, emergencyKey.publicKey()).toHex());
        refused(patient.post("/api/v1/records/" + summary.toHex() + "/keys", keyForEmergencyKey), 403,
                "ACCESS-0002");
        RecoveryKit kit = new RecoveryKits().create(emergencyKey, patientWallet.address(), CHAIN_ID, keyholders.stream()
                .map(k -> new Guardian(k.address(), k.encryptionKey().publicKey())).toList(), 2,
                Instant.now().truncatedTo(ChronoUnit.SECONDS));
        storeKit(patient, kit);
        patient.post("/api/v1/records/" + summary.toHex() + "/keys", keyForEmergencyKey).expectStatus().isNoContent();
        Eip712Domain domain = Eip712Domain.emergencyAccess(CHAIN_ID, deployment.emergencyAccess().orElseThrow());
        setUp(patient, patientWallet, keyholders, Scope.of(summary), domain);

        // the emergency: the doctor requests
        doctor.awaitConfirmed(accepted(requestAs(doctor, doctorWallet, patientWallet, domain)));
        assertThat(stream.blockFirst(WAIT).event()).isEqualTo("emergency.requested");
        refused(doctor.http().get().uri("/api/v1/emergency/records/{id}/content", summary.toHex()).exchange(), 403,
                "EMERGENCY-0022");

        // one approval opens nothing
        approve(client(keyholders.get(0)), keyholders.get(0), domain, patientWallet, doctorWallet, true);
        transferShare(client(keyholders.get(0)), keyholders.get(0), patientWallet, doctorWallet);
        refused(doctor.http().get().uri("/api/v1/emergency/records/{id}/content", summary.toHex()).exchange(), 403,
                "EMERGENCY-0022");
        refused(doctor.http().get().uri("/api/v1/emergency/patients/{p}/transfers", patientWallet.address())
                .exchange(), 403, "EMERGENCY-0022");

        // refused: a double approval, a stranger's; the second keyholder's opens the window
        refused(approve(client(keyholders.get(0)), keyholders.get(0), domain, patientWallet, doctorWallet, false),
                409, "EMERGENCY-0018");
        Wallet stranger = Wallet.create();
        refused(approve(client(stranger), stranger, domain, patientWallet, doctorWallet, false), 403,
                "EMERGENCY-0016");
        approve(client(keyholders.get(1)), keyholders.get(1), domain, patientWallet, doctorWallet, true);
        transferShare(client(keyholders.get(1)), keyholders.get(1), patientWallet, doctorWallet);
        refused(approve(client(keyholders.get(2)), keyholders.get(2), domain, patientWallet, doctorWallet, false),
                409, "EMERGENCY-0015");

        // the doctor rebuilds the emergency key and decrypts the summary byte for byte
        EntityExchangeResult<byte[]> read = await().atMost(WAIT).until(() -> doctor.http().get()
                .uri("/api/v1/emergency/records/{id}/content", summary.toHex()).exchange()
                .expectBody(byte[].class).returnResult(), result -> result.getStatus().value() == 200);
        RecoveryKit fetched = RecoveryKit.parse(doctor.http().get().uri("/api/v1/emergency/patients/{p}/kit",
                patientWallet.address()).exchange().expectStatus().isOk().expectBody(byte[].class).returnResult()
                .getResponseBody());
        List<Map<String, Object>> transfers = doctor.list("/api/v1/emergency/patients/" + patientWallet.address()
                + "/transfers");
        assertThat(transfers).hasSize(2);
        EncryptionPrivateKey rebuilt = new RecoveryKits().recover(fetched, transfers.stream().map(t -> ShareTransfers
                .verify(fetched, doctor.recoveryDomain(), message(t), io.healthkey.protocol.eip712.EthSignature.parse(
                        (String) t.get("signature")), doctorWallet.encryptionKey().publicKey(), Instant.now()))
                .toList(), doctorWallet.encryptionKey());
        RecordKey key = new EciesKeyWrap().unwrap(WrappedKey.parse(read.getResponseHeaders()
                .getFirst("HealthKey-Wrapped-Key")), rebuilt);
        assertThat(new EnvelopeEncryptor().decrypt(EnvelopeKey.fromBytes(key.toBytes()), summary,
                read.getResponseBody())).isEqualTo(SUMMARY);

        // the patient was told on its stream and its webhook, and sees the flagged read in its review
        assertThat(stream.take(2).map(ServerSentEvent::event).collectList().block(WAIT))
                .containsExactly("emergency.requested", "emergency.window.opened");
        await().atMost(WAIT).until(() -> receiver.received("/hook").stream()
                .map(post -> new String(post.body(), StandardCharsets.UTF_8))
                .filter(body -> body.contains("emergency.")).count() == 2);
        List<Map<String, Object>> review = patient.list(base + "/emergency-access");
        assertThat(review).singleElement().satisfies(entry -> {
            assertThat(entry).containsEntry("requester", doctorWallet.address().toString())
                    .containsEntry("reason", REASON);
            assertThat((List<?>) entry.get("approvals")).hasSize(2);
            assertThat(entry.get("windowUntil")).isNotNull();
            assertThat((List<?>) entry.get("reads")).hasSize(1);
        });
        // ... and in its audit of reads: the allowed read flagged with its window, the refused ones not
        List<Map<String, Object>> doctorsReads = patient.list(base + "/reads").stream()
                .filter(row -> doctorWallet.address().toString().equals(row.get("reader"))).toList();
        assertThat(doctorsReads).filteredOn(row -> Boolean.TRUE.equals(row.get("emergency"))).singleElement()
                .satisfies(row -> {
                    assertThat(row).containsEntry("allowed", true).containsEntry("recordId", summary.toHex());
                    Map<?, ?> window = (Map<?, ?>) row.get("emergencyWindow");
                    assertThat(Instant.parse((String) window.get("until")))
                            .isEqualTo(Instant.parse(String.valueOf(review.get(0).get("windowUntil"))));
                    assertThat((String) window.get("transactionHash")).matches("0x[0-9a-f]{64}");
                });
        assertThat(doctorsReads).filteredOn(row -> Boolean.FALSE.equals(row.get("allowed")))
                .isNotEmpty().allSatisfy(row -> assertThat(row).containsEntry("emergency", false)
                        .doesNotContainKey("emergencyWindow"));

        // after the window, the doctor is denied
        ChainClock.advance(stack().rpcUrl(), Duration.ofSeconds(WINDOW_SECONDS + 60));
        refused(doctor.http().get().uri("/api/v1/emergency/records/{id}/content", summary.toHex()).exchange(), 403,
                "EMERGENCY-0022");
    }

    @Test
    void forgedCrossChainReplayedOrExpiredApprovalsAndUnaccreditedOrSuspendedRequestersOpenNothing() {
        Wallet patientWallet = Wallet.create();
        ApiClient patient = client(patientWallet);
        List<Wallet> keyholders = List.of(Wallet.create(), Wallet.create());
        Providers providers = Providers.asDeployer(web3j, deployment);
        Wallet doctorWallet = Wallet.create();
        providers.accredit(doctorWallet.address());
        ApiClient doctor = client(doctorWallet);
        Eip712Domain domain = Eip712Domain.emergencyAccess(CHAIN_ID, deployment.emergencyAccess().orElseThrow());
        setUp(patient, patientWallet, keyholders, Scope.all(), domain);

        Wallet unaccredited = Wallet.create();
        refused(requestAs(client(unaccredited), unaccredited, patientWallet, domain), 403, "EMERGENCY-0010");
        Wallet suspended = Wallet.create();
        providers.accredit(suspended.address());
        providers.suspend(suspended.address());
        refused(requestAs(client(suspended), suspended, patientWallet, domain), 403, "EMERGENCY-0010");
        doctor.awaitConfirmed(accepted(requestAs(doctor, doctorWallet, patientWallet, domain)));

        ApiClient first = client(keyholders.get(0));
        var approval = new EmergencyMessage.Approval(keyholders.get(0).address(), patientWallet.address(),
                doctorWallet.address(), 1, deadline());
        Map<String, Object> body = Map.of("keyholder", approval.keyholder().toString(), "patient",
                approval.patient().toString(), "requester", approval.requester().toString(), "round", "1",
                "deadline", seconds(approval.deadline()));
        String forged = Hex.encode(io.healthkey.backend.support.Patients.signDigest(keyholders.get(1).keyPair(),
                TypedData.of(domain, approval).digest().toBytes()));
        refused(first.post("/api/v1/emergency/approvals", Map.of("approval", body, "signature", forged)), 422,
                "EMERGENCY-0001");
        String crossChain = sign(keyholders.get(0), Eip712Domain.emergencyAccess(1, domain.verifyingContract()),
                approval);
        refused(first.post("/api/v1/emergency/approvals", Map.of("approval", body, "signature", crossChain)), 422,
                "EMERGENCY-0001");
        Map<String, Object> expired = new java.util.HashMap<>(body);
        expired.put("deadline", seconds(Instant.now().minusSeconds(60)));
        refused(first.post("/api/v1/emergency/approvals", Map.of("approval", expired, "signature", sign(
                keyholders.get(0), domain, new EmergencyMessage.Approval(approval.keyholder(), approval.patient(),
                        approval.requester(), 1, Instant.ofEpochSecond(Long.parseLong((String) expired.get(
                                "deadline"))))))), 422, "EMERGENCY-0002");
        Map<String, Object> genuine = Map.of("approval", body, "signature", sign(keyholders.get(0), domain, approval));
        first.awaitConfirmed(accepted(first.post("/api/v1/emergency/approvals", genuine)));
        refused(first.post("/api/v1/emergency/approvals", genuine), 409, "EMERGENCY-0018");

        // one genuine approval of two: no window, nothing to read
        refused(doctor.http().get().uri("/api/v1/emergency/patients/{p}/transfers", patientWallet.address())
                .exchange(), 403, "EMERGENCY-0022");
        await().atMost(WAIT).untilAsserted(() -> assertThat(patient.list("/api/v1/patients/"
                + patientWallet.address() + "/emergency-access")).singleElement().satisfies(entry -> {
                    assertThat((List<?>) entry.get("approvals")).hasSize(1); // once the index holds it
                    assertThat(entry.get("windowUntil")).isNull();
                }));
    }

    /** The patient's setup: 2 of {@code keyholders}, a window of {@link #WINDOW_SECONDS} on {@code scope}. */
    private static void setUp(ApiClient patient, Wallet wallet, List<Wallet> keyholders, Scope scope,
            Eip712Domain domain) {
        var setup = new EmergencyMessage.Setup(wallet.address(), keyholders.stream().map(Wallet::address).toList(), 2,
                WINDOW_SECONDS, List.of(scope), nonce(patient, wallet), deadline());
        patient.awaitConfirmed(accepted(patient.post("/api/v1/emergency/setups", Map.of("setup", Map.of(
                "patient", setup.patient().toString(), "keyholders", setup.keyholders().stream()
                        .map(EthAddress::toString).toList(), "threshold", "2",
                "windowLength", Long.toString(WINDOW_SECONDS), "scopes", List.of(scope.toBytes32().toHex()),
                "nonce", setup.nonce().toString(), "deadline", seconds(setup.deadline())),
                "signature", sign(wallet, domain, setup)))));
    }

    private static WebTestClient.ResponseSpec requestAs(ApiClient client, Wallet requester, Wallet patient,
            Eip712Domain domain) {
        var request = new EmergencyMessage.Request(requester.address(), patient.address(), Purpose.ETREAT,
                EmergencyMessage.reasonHash(REASON), nonce(client, requester), deadline());
        return client.post("/api/v1/emergency/requests", Map.of("request", Map.of(
                "requester", request.requester().toString(), "patient", request.patient().toString(),
                "purpose", "ETREAT", "reasonHash", request.reasonHash().toHex(), "nonce", request.nonce().toString(),
                "deadline", seconds(request.deadline())), "reason", REASON, "signature",
                sign(requester, domain, request)));
    }

    private RecordId uploadSummary(ApiClient patient, RecordKey key) {
        Map<?, ?> reservation = patient.post("/api/v1/records", Map.of("patient", patient.address().toString(),
                        "category", Integer.toString(Category.BUNDLE.code()), "mediaType", "application/fhir+json",
                        "wrappedKeys", Map.of(patient.address().toString(),
                                new EciesKeyWrap().wrap(key, patient.encryptionKey().publicKey()).toHex())))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        RecordId id = RecordId.parse((String) reservation.get("recordId"));
        patient.awaitConfirmed(uploaded(patient.http().put().uri("/api/v1/records/{id}/content", id.toHex())
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(new EnvelopeEncryptor().encrypt(EnvelopeKey.fromBytes(key.toBytes()), id, SUMMARY))
                .exchange()));
        return id;
    }

    private static void storeKit(ApiClient patient, RecoveryKit kit) {
        Map<?, ?> reservation = patient.post("/api/v1/records", Map.of("patient", patient.address().toString(),
                        "category", "4099", "mediaType", "application/vnd.healthkey.emergency-kit",
                        "wrappedKeys", Map.of()))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        patient.awaitConfirmed(uploaded(patient.http().put().uri("/api/v1/records/{id}/content",
                        reservation.get("recordId")).contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(kit.toBytes()).exchange()));
    }

    private WebTestClient.ResponseSpec approve(ApiClient keyholder, Wallet wallet, Eip712Domain domain,
            Wallet patient, Wallet doctor, boolean awaitIt) {
        var approval = new EmergencyMessage.Approval(wallet.address(), patient.address(), doctor.address(), 1,
                deadline());
        WebTestClient.ResponseSpec answer = keyholder.post("/api/v1/emergency/approvals", Map.of("approval", Map.of(
                "keyholder", wallet.address().toString(), "patient", patient.address().toString(),
                "requester", doctor.address().toString(), "round", "1", "deadline", seconds(approval.deadline())),
                "signature", sign(wallet, domain, approval)));
        if (awaitIt) {
            keyholder.awaitConfirmed(accepted(answer));
        }
        return answer;
    }

    private static void transferShare(ApiClient keyholder, Wallet wallet, Wallet patient, Wallet doctor) {
        RecoveryKit kit = RecoveryKit.parse(keyholder.http().get().uri("/api/v1/emergency/patients/{p}/kit",
                patient.address()).exchange().expectStatus().isOk().expectBody(byte[].class).returnResult()
                .getResponseBody());
        ShareTransferMessage message = new RecoveryKits().transferShare(kit, wallet.encryptionKey(),
                doctor.encryptionKey().publicKey(), deadline());
        keyholder.post("/api/v1/emergency/patients/" + patient.address() + "/requesters/" + doctor.address()
                + "/transfers", Map.of("transfer", Map.of("kitId", message.kitId().toHex(),
                        "patient", message.patient().toString(), "guardian", message.guardian().toString(),
                        "recipientPublicKey", message.recipientPublicKey().toHex(), "share", Hex.encode(message.share()),
                        "deadline", seconds(message.deadline())),
                "signature", wallet.signer().sign(TypedData.of(keyholder.recoveryDomain(), message)).toHex()))
                .expectStatus().isCreated();
    }

    @SuppressWarnings("unchecked")
    private static ShareTransferMessage message(Map<String, Object> transfer) {
        Map<String, Object> body = (Map<String, Object>) transfer.get("transfer");
        return new ShareTransferMessage(io.healthkey.protocol.Bytes32.parse((String) body.get("kitId")),
                EthAddress.parse((String) body.get("patient")), EthAddress.parse((String) body.get("guardian")),
                io.healthkey.protocol.EncryptionPublicKey.parse((String) body.get("recipientPublicKey")),
                Hex.decode((String) body.get("share"), "share"),
                Instant.ofEpochSecond(Long.parseLong((String) body.get("deadline"))));
    }

    private static BigInteger nonce(ApiClient client, Wallet wallet) {
        return new BigInteger((String) client.http().get().uri("/api/v1/emergency/accounts/{a}/nonce",
                wallet.address()).exchange().expectStatus().isOk().expectBody(Map.class).returnResult()
                .getResponseBody().get("nonce"));
    }

    private static String sign(Wallet wallet, Eip712Domain domain, EmergencyMessage message) {
        return wallet.signer().sign(TypedData.of(domain, message)).toHex();
    }

    /** The status URL of an accepted upload. */
    private static String uploaded(WebTestClient.ResponseSpec answer) {
        return (String) answer.expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody()
                .get("statusUrl");
    }

    private static void refused(WebTestClient.ResponseSpec answer, int status, String code) {
        answer.expectStatus().isEqualTo(status).expectBody().jsonPath("$.code").isEqualTo(code);
    }

    private static byte[] classpathBytes(String name) {
        try (InputStream in = EmergencyRoomIT.class.getResourceAsStream(name)) {
            return Objects.requireNonNull(in, name).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant deadline() {
        return Instant.now().plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
    }

    private static String seconds(Instant instant) {
        return Long.toString(instant.getEpochSecond());
    }
}
