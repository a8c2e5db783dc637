package io.healthkey.backend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.web3j.protocol.Web3j;

import io.healthkey.backend.application.receipts.BatchReadReceiptsUseCase;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.support.ApiClient;
import io.healthkey.backend.support.BackendITSupport;
import io.healthkey.backend.support.ChainClock;
import io.healthkey.backend.support.GatewayClinic;
import io.healthkey.backend.support.ReadReceipts;
import io.healthkey.backend.support.Wallet;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.keywrap.EciesKeyWrap;
import io.healthkey.protocol.keywrap.RecordKey;

/**
 * Every protected endpoint against every kind of caller, with patient A's record and requests: A, another patient
 * B, a grantee, a grantee whose grant expired, a revoked grantee, a clinic the gateway serves but nobody
 * accredited, a signed-in stranger, and no token at all. Each cell is the status and code the caller must get;
 * the test reports every cell that differs, not just the first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixIT extends BackendITSupport {

    private static final List<String> ACTORS = List.of("patientA", "patientB", "grantee", "expiredGrantee",
            "revokedGrantee", "unaccreditedClinic", "stranger", "noToken");

    @Autowired
    Web3j web3j;

    @Autowired
    Deployment deployment;

    @Autowired
    BatchReadReceiptsUseCase batches;

    private final Map<String, WebTestClient> clients = new LinkedHashMap<>();
    private ApiClient patientA;
    private RecordId record;
    private String uploadRequest;
    private long readOfA;

    @BeforeAll
    void world() {
        httpClient();
        patientA = client(Wallet.create());
        ApiClient patientB = client(Wallet.create());
        ApiClient grantee = client(Wallet.create());
        ApiClient expired = client(Wallet.create());
        ApiClient revoked = client(Wallet.create());
        ApiClient unaccredited = client(GatewayClinic.UNACCREDITED);
        ApiClient stranger = client(Wallet.create());
        for (ApiClient reader : List.of(patientA, grantee, expired, revoked)) {
            reader.publishEncryptionKey();
        }

        ApiClient.UploadedRecord uploaded = patientA.uploadOwnRecord(Category.OBSERVATION.code(),
                "{\"resourceType\":\"Observation\"}".getBytes(StandardCharsets.UTF_8));
        RecordKey key = uploaded.key();
        EciesKeyWrap keyWrap = new EciesKeyWrap();
        record = uploaded.id();
        uploadRequest = uploaded.requestId();
        patientA.readAndDecrypt(record);
        ReadReceipts.publishAll(batches);
        readOfA = ReadReceipts.newestReadId(patientA, record, patientA.address());

        Scope observations = Scope.of(Category.OBSERVATION);
        for (ApiClient reader : List.of(grantee, revoked)) {
            patientA.grant(reader.address(), observations, Action.READ,
                    Map.of(record, keyWrap.wrap(key, reader.wallet().encryptionKey().publicKey())));
        }
        GrantMessage shortGrant = patientA.grantMessage(expired.address(), observations, Action.READ, Purpose.TREAT,
                Instant.now().plus(Duration.ofSeconds(60)));
        patientA.awaitConfirmed(ApiClient.accepted(patientA.post("/api/v1/grants", patientA.signedGrant(shortGrant,
                Map.of(record, keyWrap.wrap(key, expired.wallet().encryptionKey().publicKey()))))));
        patientA.revoke(revoked.address(), observations, Action.READ);
        ChainClock.advance(stack().rpcUrl(), Duration.ofSeconds(120));

        clients.put("patientA", patientA.http());
        clients.put("patientB", patientB.http());
        clients.put("grantee", grantee.http());
        clients.put("expiredGrantee", expired.http());
        clients.put("revokedGrantee", revoked.http());
        clients.put("unaccreditedClinic", unaccredited.http());
        clients.put("stranger", stranger.http());
        clients.put("noToken", http);
    }

    @Test
    void everyCallerGetsExactlyWhatItShould() {
        String a = patientA.address().toString();
        String id = record.toHex();
        List<Row> rows = List.of(
                row("read ciphertext", c -> c.get().uri("/api/v1/records/{id}/content", id).exchange(),
                        "200", "403 ACCESS-0002", "200", "403 ACCESS-0002", "403 ACCESS-0002", "403 ACCESS-0002",
                        "403 ACCESS-0002"),
                row("read through the gateway", c -> c.get().uri("/api/v1/gateway/records/{id}/content", id).exchange(),
                        "403 GATEWAY-0002", "403 GATEWAY-0002", "403 GATEWAY-0002", "403 GATEWAY-0002",
                        "403 GATEWAY-0002", "403 ACCESS-0002", "403 GATEWAY-0002"),
                row("upload through the gateway", c -> c.post().uri("/api/v1/gateway/patients/{p}/records", a)
                                .contentType(MediaType.APPLICATION_PDF).bodyValue("%PDF-1.7".getBytes(StandardCharsets.US_ASCII))
                                .exchange(),
                        "403 GATEWAY-0002", "403 GATEWAY-0002", "403 GATEWAY-0002", "403 GATEWAY-0002",
                        "403 GATEWAY-0002", "403 GATEWAY-0001", "403 GATEWAY-0002"),
                row("reserve a record of A", c -> c.post().uri("/api/v1/records").contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("patient", a, "category", "2", "mediaType", "application/fhir+json",
                                        "wrappedKeys", Map.of(a, wrappedDummy())))
                                .exchange(),
                        "201", "403 RECORD-0012", "403 RECORD-0012", "403 RECORD-0012",
                        "403 RECORD-0012", "403 RECORD-0012", "403 RECORD-0012"),
                row("add a reader's key", c -> c.post().uri("/api/v1/records/{id}/keys", id)
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("reader", a, "wrappedKey", wrappedDummy())).exchange(),
                        "204", "403 REQUEST-0007", "403 REQUEST-0007", "403 REQUEST-0007", "403 REQUEST-0007",
                        "403 REQUEST-0007", "403 REQUEST-0007"),
                row("A's records", c -> c.get().uri("/api/v1/patients/{p}/records", a).exchange(),
                        "200", "403 REQUEST-0007", "403 REQUEST-0007", "403 REQUEST-0007", "403 REQUEST-0007",
                        "403 REQUEST-0007", "403 REQUEST-0007"),
                row("A's consents", c -> c.get().uri("/api/v1/patients/{p}/consents", a).exchange(),
                        "200", "403 REQUEST-0007", "403 REQUEST-0007", "403 REQUEST-0007", "403 REQUEST-0007",
                        "403 REQUEST-0007", "403 REQUEST-0007"),
                row("A's reads", c -> c.get().uri("/api/v1/patients/{p}/reads", a).exchange(),
                        "200", "403 REQUEST-0007", "403 REQUEST-0007", "403 REQUEST-0007", "403 REQUEST-0007",
                        "403 REQUEST-0007", "403 REQUEST-0007"),
                row("proof of A's read", c -> c.get().uri("/api/v1/patients/{p}/reads/{r}/proof", a, readOfA)
                                .exchange(),
                        "200", "403 REQUEST-0007", "403 REQUEST-0007", "403 REQUEST-0007", "403 REQUEST-0007",
                        "403 REQUEST-0007", "403 REQUEST-0007"),
                row("A's upload request", c -> c.get().uri("/api/v1/chain-requests/{id}", uploadRequest).exchange(),
                        "200", "404 CHAIN-0005", "404 CHAIN-0005", "404 CHAIN-0005", "404 CHAIN-0005",
                        "404 CHAIN-0005", "404 CHAIN-0005"),
                row("A's upload request events", c -> c.get().uri("/api/v1/chain-requests/{id}/events", uploadRequest)
                                .accept(MediaType.TEXT_EVENT_STREAM).exchange(),
                        "200", "404 CHAIN-0005", "404 CHAIN-0005", "404 CHAIN-0005", "404 CHAIN-0005",
                        "404 CHAIN-0005", "404 CHAIN-0005"),
                row("relay A's grant", c -> c.post().uri("/api/v1/grants").contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(patientA.signedGrant(patientA.grantMessage(GatewayClinic.WALLET.address(),
                                        Scope.all(), Action.READ, Purpose.TREAT, Instant.now().plus(Duration.ofDays(1))),
                                        Map.of()))
                                .exchange(),
                        "202", "403 REQUEST-0007", "403 REQUEST-0007", "403 REQUEST-0007", "403 REQUEST-0007",
                        "403 REQUEST-0007", "403 REQUEST-0007"),
                row("check access", c -> c.get().uri(uri -> uri.path("/api/v1/access").queryParam("patient", a)
                                .queryParam("grantee", a).queryParam("record", id).queryParam("action", "READ").build())
                                .exchange(),
                        "200", "200", "200", "200", "200", "200", "200"),
                row("A's encryption key", c -> c.get().uri("/api/v1/participants/{p}/encryption-key", a).exchange(),
                        "200", "200", "200", "200", "200", "200", "200"),
                row("who am I", c -> c.get().uri("/api/v1/me").exchange(),
                        "200", "200", "200", "200", "200", "200", "200"));

        List<String> mismatches = new ArrayList<>();
        for (Row row : rows) {
            for (int i = 0; i < ACTORS.size(); i++) {
                String actor = ACTORS.get(i);
                String expected = i < row.expected().size() ? row.expected().get(i) : "401 AUTH-0010";
                String actual = outcome(row.call().apply(clients.get(actor)));
                if (!actual.equals(expected)) {
                    mismatches.add(row.name() + " as " + actor + ": expected " + expected + ", got " + actual);
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    private static String outcome(WebTestClient.ResponseSpec response) {
        var result = response.expectBody(String.class).returnResult();
        int status = result.getStatus().value();
        if (status < 300) {
            return String.valueOf(status);
        }
        String body = result.getResponseBody() == null ? "" : result.getResponseBody();
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("\"code\"\\s*:\\s*\"([A-Z]+-\\d{4})\"").matcher(body);
        return status + " " + (code.find() ? code.group(1) : "(no code)");
    }

    private String wrappedDummy() {
        return new EciesKeyWrap().wrap(RecordKey.generate(), patientA.wallet().encryptionKey().publicKey()).toHex();
    }

    private static Row row(String name, Function<WebTestClient, WebTestClient.ResponseSpec> call, String... signedIn) {
        return new Row(name, call, List.of(signedIn));
    }

    private record Row(String name, Function<WebTestClient, WebTestClient.ResponseSpec> call, List<String> expected) {
    }
}
