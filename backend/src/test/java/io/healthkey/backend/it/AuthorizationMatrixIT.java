package io.healthkey.backend.it;

import static io.healthkey.backend.support.Outcomes.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import io.healthkey.backend.application.receipts.BatchReadReceiptsUseCase;
import io.healthkey.backend.support.ApiClient;
import io.healthkey.backend.support.CaregiverRequests;
import io.healthkey.backend.support.BackendITSupport;
import io.healthkey.backend.support.ChainClock;
import io.healthkey.backend.support.GatewayClinic;
import io.healthkey.backend.support.Outcomes;
import io.healthkey.backend.support.PathVariants;
import io.healthkey.backend.support.ReadReceipts;
import io.healthkey.backend.support.Records;
import io.healthkey.backend.support.Wallet;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.CaregiverPowers;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.envelope.EnvelopeEncryptor;
import io.healthkey.protocol.envelope.EnvelopeKey;
import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.keywrap.EciesKeyWrap;
import io.healthkey.protocol.keywrap.RecordKey;
import io.healthkey.protocol.keywrap.WrappedKey;
import io.healthkey.protocol.recovery.Guardian;
import io.healthkey.protocol.recovery.RecoveryKit;
import io.healthkey.protocol.recovery.RecoveryKits;

/**
 * Every API route the running application maps, against every kind of caller, with patient A's record and requests:
 * A, another patient B, a grantee, a grantee whose grant expired, a revoked grantee, a clinic the gateway serves but
 * nobody accredited, a signed-in stranger, and no token at all. The routes come from Spring's handler mappings, so a
 * route without a row fails the test. Each cell is the status and code the caller must get, and what a successful
 * answer must hold; no answer to anyone carries a record key wrapped for someone else, nor another patient's audit.
 * The test reports every cell that differs, not just the first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixIT extends BackendITSupport {

    private static final List<String> ACTORS = List.of("patientA", "patientB", "grantee", "expiredGrantee",
            "revokedGrantee", "unaccreditedClinic", "stranger", "noToken");
    private static final String SIGNED_OUT = "401 AUTH-0010";
    /** A well-formed webhook id that names no endpoint: the matrix registers none (deliveries would leave loopback). */
    private static final String NO_SUCH_WEBHOOK = "wh_" + "0".repeat(32);
    private static final String API = "/api/";

    @Autowired
    ApplicationContext context;

    @Autowired
    BatchReadReceiptsUseCase batches;

    private final Map<String, ApiClient> signedIn = new LinkedHashMap<>();
    private final Map<String, WebTestClient> clients = new LinkedHashMap<>();
    /** The record key of {@link #record} wrapped for each reader the backend holds one for, by actor. */
    private final Map<String, String> wrappedKeys = new LinkedHashMap<>();
    private ApiClient patientA;
    private RecordId record;
    private RecordKey recordKey;
    private String uploadRequest;
    private long readOfA;
    /** Reserved by A, never uploaded: the content upload row's target. */
    private RecordId reserved;
    private RecordKey reservedKey;
    /** Reserved by A for the multi-part rows: one part, the whole envelope, then completed. */
    private RecordId parted;
    private byte[] partedEnvelope;
    /** The device key A's recovery requests name. */
    private static final EncryptionPrivateKey DEVICE = EncryptionPrivateKey.generate();
    private RecoveryKit recoveryKit;
    /** A's open recovery request for {@link #recoveryKit}. */
    private String recoveryRequest;
    /** An account A appoints as caregiver in the appointment row, and never appointed before it. */
    private final Wallet spareCaregiver = Wallet.create();
    /** A live READ grant of A's that the revocation row revokes: no other row depends on it. */
    private Wallet spareGrantee;

    @BeforeAll
    void world() {
        httpClient();
        patientA = signIn("patientA", Wallet.create());
        signIn("patientB", Wallet.create());
        ApiClient grantee = signIn("grantee", Wallet.create());
        ApiClient expired = signIn("expiredGrantee", Wallet.create());
        ApiClient revoked = signIn("revokedGrantee", Wallet.create());
        signIn("unaccreditedClinic", GatewayClinic.UNACCREDITED);
        signIn("stranger", Wallet.create());
        clients.put("noToken", http);
        for (ApiClient reader : List.of(patientA, grantee, expired, revoked)) {
            reader.publishEncryptionKey();
        }

        ApiClient.UploadedRecord uploaded = patientA.uploadOwnRecord(Category.OBSERVATION.code(),
                "{\"resourceType\":\"Observation\"}".getBytes(StandardCharsets.UTF_8));
        record = uploaded.id();
        recordKey = uploaded.key();
        uploadRequest = uploaded.requestId();
        patientA.readAndDecrypt(record);
        ReadReceipts.publishAll(batches);
        readOfA = ReadReceipts.newestReadId(patientA, record, patientA.address());
        wrappedKeys.put("patientA", (String) patientA.http().get().uri("/api/v1/records/{id}/key", record.toHex())
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody()
                .get("wrappedKey"));

        Scope observations = Scope.of(Category.OBSERVATION);
        for (String reader : List.of("grantee", "revokedGrantee")) {
            patientA.grant(signedIn.get(reader).address(), observations, Action.READ,
                    Map.of(record, wrapFor(reader)));
        }
        GrantMessage shortGrant = patientA.grantMessage(expired.address(), observations, Action.READ, Purpose.TREAT,
                Instant.now().plus(Duration.ofSeconds(60)));
        patientA.awaitConfirmed(ApiClient.accepted(patientA.post("/api/v1/grants", patientA.signedGrant(shortGrant,
                Map.of(record, wrapFor("expiredGrantee"))))));
        patientA.revoke(revoked.address(), observations, Action.READ);
        spareGrantee = Wallet.create();
        patientA.grant(spareGrantee.address(), Scope.all(), Action.READ, Map.of());
        ChainClock.advance(stack().rpcUrl(), Duration.ofSeconds(120));

        storeRecoveryKitAndAsk(grantee, expired);

        reservedKey = RecordKey.generate();
        reserved = RecordId.parse((String) patientA.post("/api/v1/records", reservation(reservedKey))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("recordId"));
        RecordKey partedKey = RecordKey.generate();
        parted = RecordId.parse((String) patientA.post("/api/v1/records", reservation(partedKey))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("recordId"));
        partedEnvelope = new EnvelopeEncryptor().encrypt(EnvelopeKey.fromBytes(partedKey.toBytes()), parted,
                "{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyApiRouteTheApplicationMapsHasARow() {
        Set<String> rows = new TreeSet<>();
        rows().forEach(row -> assertThat(rows.add(row.route())).as("one row per route: %s", row.route()).isTrue());
        assertThat(rows).containsExactlyInAnyOrderElementsOf(mappedApiRoutes());
    }

    @Test
    void everyCallerGetsExactlyWhatItShould() {
        List<String> mismatches = new ArrayList<>();
        for (Row row : rows()) {
            for (int i = 0; i < ACTORS.size(); i++) {
                String actor = ACTORS.get(i);
                String expected = i < row.expected().size() ? row.expected().get(i) : SIGNED_OUT;
                String cell = row.route() + " as " + actor + ": ";
                if (row.endless()) {
                    String actual = outcomeOf(row.call().apply(clients.get(actor)));
                    if (!actual.equals(expected)) {
                        mismatches.add(cell + "expected " + expected + ", got " + actual);
                    }
                    continue;
                }
                EntityExchangeResult<byte[]> response = row.call().apply(clients.get(actor))
                        .expectBody(byte[].class).returnResult();
                String actual = Outcomes.of(response);
                if (!actual.equals(expected)) {
                    mismatches.add(cell + "expected " + expected + ", got " + actual);
                } else if (response.getStatus().is2xxSuccessful() && row.success() != null) {
                    String problem = problemWith(row.success(), actor, response);
                    if (problem != null) {
                        mismatches.add(cell + problem);
                    }
                }
                leaks(actor, response).forEach(leak -> mismatches.add(cell + leak));
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /**
     * Every route under every other spelling of its path ({@link PathVariants}), on the real server: a spelling the
     * router reads as the route demands the same credential (and, for a GET, gives patient A the same answer), one
     * two parsers could read differently is refused with 400 {@code REQUEST-0008}, any other path is closed.
     */
    @Test
    void everySpellingOfEveryRouteIsRefusedOrNeedsTheSameCredential() {
        List<String> mismatches = new ArrayList<>();
        for (String route : mappedApiRoutes()) {
            HttpMethod method = HttpMethod.valueOf(route.substring(0, route.indexOf(' ')));
            String path = concrete(route.substring(route.indexOf(' ') + 1));
            boolean read = method == HttpMethod.GET;
            String anonymous = rawOutcome(http, method, path);
            String asA = read ? rawOutcome(patientA.http(), method, path) : null;
            for (PathVariants.Variant variant : PathVariants.of(path)) {
                String expected = switch (variant.expect()) {
                    case SAME_ROUTE -> anonymous;
                    case REJECTED -> "400 REQUEST-0008";
                    case CLOSED -> SIGNED_OUT;
                };
                String actual = rawOutcome(http, method, variant.path());
                if (!actual.equals(expected)) {
                    mismatches.add(route + ", " + variant + ", no token: expected " + expected + ", got " + actual);
                }
                if (read) {
                    String expectedForA = switch (variant.expect()) {
                        case SAME_ROUTE -> asA;
                        case REJECTED -> "400 REQUEST-0008";
                        case CLOSED -> "403 AUTH-0013";
                    };
                    String actualForA = rawOutcome(patientA.http(), method, variant.path());
                    if (!actualForA.equals(expectedForA)) {
                        mismatches.add(route + ", " + variant + ", as A: expected " + expectedForA + ", got "
                                + actualForA);
                    }
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /**
     * The outcome of a request of exactly {@code rawPath} (a URI template would encode its '%' once more), an event
     * stream's too ({@link #outcomeOf}).
     */
    private String rawOutcome(WebTestClient client, HttpMethod method, String rawPath) {
        return outcomeOf(client.method(method).uri(URI.create(baseUrl() + rawPath)).exchange());
    }

    /** A route's path with A's values in its variables. */
    private String concrete(String pattern) {
        return pattern.replace("{patient}", patientA.address().toString())
                .replace("{account}", patientA.address().toString())
                .replace("{grantee}", patientA.address().toString())
                .replace("{requester}", signedIn.get("patientB").address().toString())
                .replace("{recordId}", record.toHex())
                .replace("{readId}", Long.toString(readOfA))
                .replace("{partNumber}", "0")
                .replace("{requestId}", recoveryRequest)
                .replace("{webhookId}", NO_SUCH_WEBHOOK)
                .replace("{id}", uploadRequest);
    }

    /**
     * One row per route; after the route, the expected outcome for each signed-in actor in {@link #ACTORS}' order
     * (without a token, every route but the public ones answers {@value #SIGNED_OUT}).
     */
    private List<Row> rows() {
        String a = patientA.address().toString();
        String id = record.toHex();
        String denied = "403 ACCESS-0002";
        String notPatient = "403 REQUEST-0007";
        String notWriter = "403 RECORD-0012";
        String notFound = "404 CHAIN-0005";
        String gatewayOnly = "403 GATEWAY-0002";
        String noKit = "404 RECOVERY-0002";
        String noRequest = "404 RECOVERY-0004";
        String notGuardian = "403 RECOVERY-0006";
        String noWebhook = "404 NOTIFY-0005";
        String notGrantee = "403 AUDIT-0003";
        String g = signedIn.get("grantee").address().toString();
        String notCaregiver = "403 CAREGIVER-0004";
        String forged = "422 EMERGENCY-0001";
        String noWindow = "403 EMERGENCY-0022";
        String noEmergencyKit = "404 EMERGENCY-0025";
        String b = signedIn.get("patientB").address().toString();
        ApiClient guardian = signedIn.get("grantee");
        java.util.function.Supplier<Map<String, Object>> signedByGrantee = () -> guardian.signedShareTransfer(
                recoveryRequest, DEVICE.publicKey(), guardian.recoveryDomain());
        return List.of(
                row("GET /api/v1/network", c -> c.get().uri("/api/v1/network").exchange(), null,
                        "200", "200", "200", "200", "200", "200", "200", "200"),
                row("GET /api/v1/network/abis", c -> c.get().uri("/api/v1/network/abis").exchange(), null,
                        "200", "200", "200", "200", "200", "200", "200", "200"),
                row("POST /api/v1/auth/nonce", c -> c.post().uri("/api/v1/auth/nonce").exchange(), null,
                        "200", "200", "200", "200", "200", "200", "200", "200"),
                row("POST /api/v1/auth/session", c -> c.post().uri("/api/v1/auth/session")
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("message", "not a sign-in message", "signature", "0x00")).exchange(),
                        null, "422 AUTH-0001", "422 AUTH-0001", "422 AUTH-0001", "422 AUTH-0001", "422 AUTH-0001",
                        "422 AUTH-0001", "422 AUTH-0001", "422 AUTH-0001"),
                row("GET /api/v1/me", c -> c.get().uri("/api/v1/me").exchange(), this::namesTheCaller,
                        "200", "200", "200", "200", "200", "200", "200"),
                row("GET /api/v1/records/{recordId}/content",
                        c -> c.get().uri("/api/v1/records/{id}/content", id).exchange(), this::ciphertextOpensForCaller,
                        "200", denied, "200", denied, denied, denied, denied),
                row("GET /api/v1/records/{recordId}/key", c -> c.get().uri("/api/v1/records/{id}/key", id).exchange(),
                        this::keyWrappedForCaller, "200", denied, "200", denied, denied, denied, denied),
                row("PUT /api/v1/records/{recordId}/content", c -> c.put().uri("/api/v1/records/{id}/content",
                                reserved.toHex()).contentType(MediaType.APPLICATION_OCTET_STREAM)
                                .bodyValue(new EnvelopeEncryptor().encrypt(EnvelopeKey.fromBytes(reservedKey.toBytes()),
                                        reserved, "{}".getBytes(StandardCharsets.UTF_8)))
                                .exchange(), null,
                        "202", "409 RECORD-0010", "409 RECORD-0010", "409 RECORD-0010", "409 RECORD-0010",
                        "409 RECORD-0010", "409 RECORD-0010"),
                row("PUT /api/v1/records/{recordId}/content/parts/{partNumber}", c -> c.put()
                                .uri("/api/v1/records/{id}/content/parts/0", parted.toHex())
                                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                                .header(HttpHeaders.CONTENT_RANGE, "bytes 0-" + (partedEnvelope.length - 1) + "/"
                                        + partedEnvelope.length)
                                .bodyValue(partedEnvelope).exchange(), null,
                        "200", "409 RECORD-0010", "409 RECORD-0010", "409 RECORD-0010", "409 RECORD-0010",
                        "409 RECORD-0010", "409 RECORD-0010"),
                row("GET /api/v1/records/{recordId}/content/parts", c -> c.get()
                                .uri("/api/v1/records/{id}/content/parts", parted.toHex()).exchange(), null,
                        "200", "409 RECORD-0010", "409 RECORD-0010", "409 RECORD-0010", "409 RECORD-0010",
                        "409 RECORD-0010", "409 RECORD-0010"),
                row("POST /api/v1/records/{recordId}/content/complete", c -> c.post()
                                .uri("/api/v1/records/{id}/content/complete", parted.toHex())
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("cid", Records.cidOf(partedEnvelope).toString())).exchange(), null,
                        "202", "409 RECORD-0010", "409 RECORD-0010", "409 RECORD-0010", "409 RECORD-0010",
                        "409 RECORD-0010", "409 RECORD-0010"),
                row("POST /api/v1/records", c -> c.post().uri("/api/v1/records").contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(reservation(RecordKey.generate())).exchange(), null,
                        "201", notWriter, notWriter, notWriter, notWriter, notWriter, notWriter),
                row("POST /api/v1/records/{recordId}/keys", c -> c.post().uri("/api/v1/records/{id}/keys", id)
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("reader", a, "wrappedKey", wrappedKeys.get("patientA"))).exchange(),
                        null, "204", notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                row("GET /api/v1/gateway/records/{recordId}/content",
                        c -> c.get().uri("/api/v1/gateway/records/{id}/content", id).exchange(), null,
                        gatewayOnly, gatewayOnly, gatewayOnly, gatewayOnly, gatewayOnly, "403 GATEWAY-0001",
                        gatewayOnly),
                row("POST /api/v1/gateway/patients/{patient}/records", c -> c.post()
                                .uri("/api/v1/gateway/patients/{p}/records", a).contentType(MediaType.APPLICATION_PDF)
                                .bodyValue("%PDF-1.7".getBytes(StandardCharsets.US_ASCII)).exchange(), null,
                        gatewayOnly, gatewayOnly, gatewayOnly, gatewayOnly, gatewayOnly, "403 GATEWAY-0001",
                        gatewayOnly),
                row("GET /api/v1/patients/{patient}/records", c -> c.get().uri("/api/v1/patients/{p}/records", a)
                                .exchange(), contains(id),
                        "200", notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                row("GET /api/v1/grantees/{grantee}/grants", c -> c.get().uri("/api/v1/grantees/{g}/grants", g)
                                .exchange(), contains(a),
                        notGrantee, notGrantee, "200", notGrantee, notGrantee, notGrantee, notGrantee),
                row("GET /api/v1/grantees/{grantee}/patients/{patient}/records", c -> c.get()
                                .uri("/api/v1/grantees/{g}/patients/{p}/records", g, a).exchange(), contains(id),
                        notGrantee, notGrantee, "200", notGrantee, notGrantee, notGrantee, notGrantee),
                row("GET /api/v1/providers", c -> c.get().uri("/api/v1/providers").exchange(), null,
                        "200", "200", "200", "200", "200", "200", "200"),
                row("GET /api/v1/patients/{patient}/consents", c -> c.get().uri("/api/v1/patients/{p}/consents", a)
                                .exchange(), contains(signedIn.get("revokedGrantee").address().toString()),
                        "200", notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                row("GET /api/v1/patients/{patient}/reads", c -> c.get().uri("/api/v1/patients/{p}/reads", a)
                                .exchange(), contains(id),
                        "200", notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                row("GET /api/v1/patients/{patient}/reads/lost", c -> c.get().uri("/api/v1/patients/{p}/reads/lost", a)
                                .exchange(), contains("\"batches\":0"),
                        "200", notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                row("GET /api/v1/patients/{patient}/reads/{readId}/proof", c -> c.get()
                                .uri("/api/v1/patients/{p}/reads/{r}/proof", a, readOfA).exchange(), contains(id),
                        "200", notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                row("GET /api/v1/patients/{patient}/nonce", c -> c.get().uri("/api/v1/patients/{p}/nonce", a)
                                .exchange(), contains(a),
                        "200", "200", "200", "200", "200", "200", "200"),
                row("GET /api/v1/chain-requests/{id}", c -> c.get().uri("/api/v1/chain-requests/{id}", uploadRequest)
                                .exchange(), contains(uploadRequest),
                        "200", notFound, notFound, notFound, notFound, notFound, notFound),
                row("GET /api/v1/chain-requests/{id}/events", c -> c.get()
                                .uri("/api/v1/chain-requests/{id}/events", uploadRequest)
                                .accept(MediaType.TEXT_EVENT_STREAM).exchange(), contains(uploadRequest),
                        "200", notFound, notFound, notFound, notFound, notFound, notFound),
                row("POST /api/v1/grants", c -> c.post().uri("/api/v1/grants").contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(patientA.signedGrant(patientA.grantMessage(GatewayClinic.WALLET.address(),
                                        Scope.all(), Action.READ, Purpose.TREAT, Instant.now().plus(Duration.ofDays(1))),
                                        Map.of()))
                                .exchange(), null,
                        "202", notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                row("POST /api/v1/revocations", c -> c.post().uri("/api/v1/revocations")
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(patientA.signedRevocation(spareGrantee.address(), Scope.all(), Action.READ))
                                .exchange(), null,
                        "202", notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                row("POST /api/v1/nonce-cancellations", c -> c.post().uri("/api/v1/nonce-cancellations")
                                .contentType(MediaType.APPLICATION_JSON).bodyValue(patientA.signedNonceCancellation())
                                .exchange(), null,
                        "202", notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                row("POST /api/v1/key-publications", c -> c.post().uri("/api/v1/key-publications")
                                .contentType(MediaType.APPLICATION_JSON).bodyValue(patientA.signedKeyPublication())
                                .exchange(), null,
                        "202", notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                row("GET /api/v1/typed-data/grant", c -> c.get().uri(uri -> uri.path("/api/v1/typed-data/grant")
                                .queryParam("grantee", GatewayClinic.WALLET.address()).queryParam("scope", Scope.all()
                                        .toBytes32().toHex()).queryParam("action", "READ")
                                .queryParam("purpose", Purpose.TREAT.hl7Code())
                                .queryParam("expiresAt", Instant.now().plus(Duration.ofDays(1)).getEpochSecond()).build())
                                .exchange(), signedBy("patient"),
                        "200", "200", "200", "200", "200", "200", "200"),
                row("GET /api/v1/typed-data/revocation", c -> c.get().uri(uri -> uri.path("/api/v1/typed-data/revocation")
                                .queryParam("grantee", GatewayClinic.WALLET.address()).queryParam("scope", Scope.all()
                                        .toBytes32().toHex()).queryParam("action", "READ").build())
                                .exchange(), signedBy("patient"),
                        "200", "200", "200", "200", "200", "200", "200"),
                row("GET /api/v1/typed-data/nonce-cancellation", c -> c.get().uri(uri -> uri
                                .path("/api/v1/typed-data/nonce-cancellation").queryParam("newNonce", 1000).build())
                                .exchange(), signedBy("patient"),
                        "200", "200", "200", "200", "200", "200", "200"),
                row("GET /api/v1/typed-data/key-publication", c -> c.get().uri(uri -> uri
                                .path("/api/v1/typed-data/key-publication")
                                .queryParam("publicKey", patientA.wallet().encryptionKey().publicKey().toHex()).build())
                                .exchange(), signedBy("account"),
                        "200", "200", "200", "200", "200", "200", "200"),
                row("GET /api/v1/access", c -> c.get().uri(uri -> uri.path("/api/v1/access").queryParam("patient", a)
                                .queryParam("grantee", a).queryParam("record", id).queryParam("action", "READ").build())
                                .exchange(), contains("\"allowed\":true"),
                        "200", "200", "200", "200", "200", "200", "200"),
                row("POST /api/v1/recovery/requests", c -> c.post().uri("/api/v1/recovery/requests")
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("devicePublicKey", DEVICE.publicKey().toHex())).exchange(), null,
                        "201", noKit, noKit, noKit, noKit, noKit, noKit),
                row("GET /api/v1/recovery/guardian-requests", c -> c.get().uri("/api/v1/recovery/guardian-requests")
                                .exchange(), null,
                        "200", "200", "200", "200", "200", "200", "200"),
                row("GET /api/v1/recovery/requests/{requestId}", c -> c.get()
                                .uri("/api/v1/recovery/requests/{r}", recoveryRequest).exchange(),
                        contains(recoveryRequest),
                        "200", noRequest, "200", "200", noRequest, noRequest, noRequest),
                row("GET /api/v1/recovery/requests/{requestId}/kit", c -> c.get()
                                .uri("/api/v1/recovery/requests/{r}/kit", recoveryRequest).exchange(), null,
                        "200", noRequest, "200", "200", noRequest, noRequest, noRequest),
                row("POST /api/v1/recovery/requests/{requestId}/transfers", c -> c.post()
                                .uri("/api/v1/recovery/requests/{r}/transfers", recoveryRequest)
                                .contentType(MediaType.APPLICATION_JSON).bodyValue(signedByGrantee.get()).exchange(),
                        null, notGuardian, notGuardian, "201", "422 RECOVERY-0008", notGuardian, notGuardian,
                        notGuardian),
                row("GET /api/v1/recovery/requests/{requestId}/transfers", c -> c.get()
                                .uri("/api/v1/recovery/requests/{r}/transfers", recoveryRequest).exchange(), null,
                        "200", noRequest, notPatient, notPatient, noRequest, noRequest, noRequest),
                row("GET /api/v1/patients/{patient}/recovery-log", c -> c.get()
                                .uri("/api/v1/patients/{p}/recovery-log", a).exchange(), contains(recoveryRequest),
                        "200", notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                row("GET /api/v1/patients/{patient}/recovery-kit", c -> c.get()
                                .uri("/api/v1/patients/{p}/recovery-kit", a).exchange(), null,
                        "200", notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                endless(row("GET /api/v1/patients/{patient}/notifications/stream", c -> c.get()
                                .uri("/api/v1/patients/{p}/notifications/stream", a)
                                .accept(MediaType.TEXT_EVENT_STREAM).exchange(), null,
                        "200", notPatient, notPatient, notPatient, notPatient, notPatient, notPatient)),
                // a private address, refused in every profile, once the caller is known to be the patient: the
                // matrix registers no endpoint
                row("POST /api/v1/patients/{patient}/webhooks", c -> c.post().uri("/api/v1/patients/{p}/webhooks", a)
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("url", "https://10.0.0.1/hook")).exchange(), null,
                        "422 NOTIFY-0003", notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                row("GET /api/v1/patients/{patient}/webhooks", c -> c.get().uri("/api/v1/patients/{p}/webhooks", a)
                                .exchange(), null,
                        "200", notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                row("GET /api/v1/patients/{patient}/webhooks/{webhookId}/deliveries", c -> c.get()
                                .uri("/api/v1/patients/{p}/webhooks/{w}/deliveries", a, NO_SUCH_WEBHOOK).exchange(),
                        null, noWebhook, notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                row("DELETE /api/v1/patients/{patient}/webhooks/{webhookId}", c -> c.delete()
                                .uri("/api/v1/patients/{p}/webhooks/{w}", a, NO_SUCH_WEBHOOK).exchange(), null,
                        noWebhook, notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                row("GET /api/v1/patients/{patient}/identity-history", c -> c.get()
                                .uri("/api/v1/patients/{p}/identity-history", a).exchange(), null,
                        "200", notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                row("GET /api/v1/typed-data/caregiver-appointment", c -> c.get().uri(uri -> uri
                                .path("/api/v1/typed-data/caregiver-appointment")
                                .queryParam("caregiver", spareCaregiver.address())
                                .queryParam("scopes", Scope.all().toBytes32().toHex()).queryParam("powers", "READ")
                                .queryParam("expiresAt", Instant.now().plus(Duration.ofDays(1)).getEpochSecond()).build())
                                .exchange(), signedBy("appointer"),
                        "200", "200", "200", "200", "200", "200", "200"),
                row("GET /api/v1/typed-data/caregiver-revocation", c -> c.get().uri(uri -> uri
                                .path("/api/v1/typed-data/caregiver-revocation")
                                .queryParam("caregiver", spareCaregiver.address()).build())
                                .exchange(), signedBy("patient"),
                        "200", "200", "200", "200", "200", "200", "200"),
                // the caregiver is the caller: A's own patient cannot be its own caregiver
                row("GET /api/v1/typed-data/caregiver-grant", c -> c.get().uri(uri -> uri
                                .path("/api/v1/typed-data/caregiver-grant").queryParam("patient", a)
                                .queryParam("grantee", spareCaregiver.address())
                                .queryParam("scope", Scope.all().toBytes32().toHex()).queryParam("action", "READ")
                                .queryParam("purpose", Purpose.TREAT.hl7Code())
                                .queryParam("expiresAt", Instant.now().plus(Duration.ofDays(1)).getEpochSecond()).build())
                                .exchange(), signedBy("caregiver"),
                        "422 PROTO-0003", "200", "200", "200", "200", "200", "200"),
                row("GET /api/v1/typed-data/caregiver-grant-revocation", c -> c.get().uri(uri -> uri
                                .path("/api/v1/typed-data/caregiver-grant-revocation").queryParam("patient", a)
                                .queryParam("grantee", spareCaregiver.address())
                                .queryParam("scope", Scope.all().toBytes32().toHex()).queryParam("action", "READ")
                                .build())
                                .exchange(), signedBy("caregiver"),
                        "422 PROTO-0003", "200", "200", "200", "200", "200", "200"),
                row("POST /api/v1/caregivers/appointments", c -> c.post().uri("/api/v1/caregivers/appointments")
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(CaregiverRequests.appointment(patientA, patientA.address(),
                                        spareCaregiver.address(), List.of(Scope.all()), CaregiverPowers.READ,
                                        Instant.now().plus(Duration.ofDays(1)), Map.of()))
                                .exchange(), null,
                        "202", notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                // checked against the chain before anything is signed for: A never appointed the grantee
                row("POST /api/v1/caregivers/revocations", c -> c.post().uri("/api/v1/caregivers/revocations")
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(CaregiverRequests.revocation(patientA, signedIn.get("grantee").address()))
                                .exchange(), null,
                        "404 CAREGIVER-0008", notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                // signed by the grantee, who is no caregiver of A's: only the grantee may relay it, and is refused
                row("POST /api/v1/caregivers/grants", c -> c.post().uri("/api/v1/caregivers/grants")
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(CaregiverRequests.grant(guardian, patientA.address(),
                                        spareCaregiver.address(), Scope.all(), Action.READ,
                                        Instant.now().plus(Duration.ofDays(1)), Map.of()))
                                .exchange(), null,
                        notPatient, notPatient, notCaregiver, notPatient, notPatient, notPatient, notPatient),
                row("POST /api/v1/caregivers/grant-revocations", c -> c.post()
                                .uri("/api/v1/caregivers/grant-revocations").contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(CaregiverRequests.grantRevocation(guardian, patientA.address(),
                                        spareGrantee.address(), Scope.all(), Action.READ))
                                .exchange(), null,
                        notPatient, notPatient, notCaregiver, notPatient, notPatient, notPatient, notPatient),
                row("GET /api/v1/patients/{patient}/caregivers", c -> c.get()
                                .uri("/api/v1/patients/{p}/caregivers", a).exchange(), null,
                        "200", notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                row("GET /api/v1/patients/{patient}/caregiver-actions", c -> c.get()
                                .uri("/api/v1/patients/{p}/caregiver-actions", a).exchange(), null,
                        "200", notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                row("GET /api/v1/caregivers/{account}/patients", c -> c.get()
                                .uri("/api/v1/caregivers/{c}/patients", a).exchange(), null,
                        "200", notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                row("GET /api/v1/caregivers/{account}/patients/{patient}/grants", c -> c.get()
                                .uri("/api/v1/caregivers/{c}/patients/{p}/grants", a, b).exchange(), null,
                        "200", notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                row("POST /api/v1/emergency/setups", c -> c.post().uri("/api/v1/emergency/setups")
                                .contentType(MediaType.APPLICATION_JSON).bodyValue(EmergencyMatrixRows.setup(a, g))
                                .exchange(), null,
                        forged, notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                row("POST /api/v1/emergency/requests", c -> c.post().uri("/api/v1/emergency/requests")
                                .contentType(MediaType.APPLICATION_JSON).bodyValue(EmergencyMatrixRows.request(b, a))
                                .exchange(), null,
                        notPatient, forged, notPatient, notPatient, notPatient, notPatient, notPatient),
                row("POST /api/v1/emergency/approvals", c -> c.post().uri("/api/v1/emergency/approvals")
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(EmergencyMatrixRows.approval(g, a, b)).exchange(), null,
                        notPatient, notPatient, forged, notPatient, notPatient, notPatient, notPatient),
                row("POST /api/v1/emergency/closures", c -> c.post().uri("/api/v1/emergency/closures")
                                .contentType(MediaType.APPLICATION_JSON).bodyValue(EmergencyMatrixRows.closure(a, b))
                                .exchange(), null,
                        forged, notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                row("GET /api/v1/emergency/accounts/{account}/nonce", c -> c.get()
                                .uri("/api/v1/emergency/accounts/{p}/nonce", a).exchange(), contains("\"nonce\""),
                        "200", "200", "200", "200", "200", "200", "200"),
                // nobody holds an emergency window on A, not even A
                row("GET /api/v1/emergency/records/{recordId}/content", c -> c.get()
                                .uri("/api/v1/emergency/records/{id}/content", id).exchange(), null,
                        noWindow, noWindow, noWindow, noWindow, noWindow, noWindow, noWindow),
                row("GET /api/v1/patients/{patient}/emergency-access", c -> c.get()
                                .uri("/api/v1/patients/{p}/emergency-access", a).exchange(), null,
                        "200", notPatient, notPatient, notPatient, notPatient, notPatient, notPatient),
                // A stored no emergency kit
                row("GET /api/v1/emergency/patients/{patient}/kit", c -> c.get()
                                .uri("/api/v1/emergency/patients/{p}/kit", a).exchange(), null,
                        noEmergencyKit, noEmergencyKit, noEmergencyKit, noEmergencyKit, noEmergencyKit,
                        noEmergencyKit, noEmergencyKit),
                row("POST /api/v1/emergency/patients/{patient}/requesters/{requester}/transfers", c -> c.post()
                                .uri("/api/v1/emergency/patients/{p}/requesters/{r}/transfers", a, b)
                                .contentType(MediaType.APPLICATION_JSON).bodyValue(signedByGrantee.get()).exchange(),
                        null, noEmergencyKit, noEmergencyKit, noEmergencyKit, noEmergencyKit, noEmergencyKit,
                        noEmergencyKit, noEmergencyKit),
                row("GET /api/v1/emergency/patients/{patient}/transfers", c -> c.get()
                                .uri("/api/v1/emergency/patients/{p}/transfers", a).exchange(), null,
                        noWindow, noWindow, noWindow, noWindow, noWindow, noWindow, noWindow),
                row("GET /api/v1/participants/{account}/encryption-key", c -> c.get()
                                .uri("/api/v1/participants/{p}/encryption-key", a).exchange(),
                        contains(patientA.wallet().encryptionKey().publicKey().toHex()),
                        "200", "200", "200", "200", "200", "200", "200"));
    }

    /** A's recovery kit names the grantee and the expired grantee as guardians; A asks for recovery to a new key. */
    private void storeRecoveryKitAndAsk(ApiClient... guardians) {
        recoveryKit = new RecoveryKits().create(patientA.wallet().encryptionKey(), patientA.address(), CHAIN_ID,
                Arrays.stream(guardians).map(g -> new Guardian(g.address(), g.wallet().encryptionKey().publicKey()))
                        .toList(), 2, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        patientA.storeRecoveryKit(recoveryKit);
        recoveryRequest = (String) patientA.post("/api/v1/recovery/requests", Map.of("devicePublicKey",
                        DEVICE.publicKey().toHex())).expectStatus().isCreated().expectBody(Map.class).returnResult()
                .getResponseBody().get("id");
    }

    /** Every route the running application maps under {@code /api/}, as {@code "METHOD /pattern"}. */
    private Set<String> mappedApiRoutes() {
        Set<String> routes = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping mapping
                : context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            mapping.getHandlerMethods().keySet().forEach(info -> info.getPatternsCondition().getPatterns().stream()
                    .map(PathPattern::getPatternString)
                    .filter(path -> path.startsWith(API))
                    .forEach(path -> {
                        if (info.getMethodsCondition().getMethods().isEmpty()) {
                            routes.add("ANY " + path);
                        }
                        info.getMethodsCondition().getMethods().forEach(method -> routes.add(method + " " + path));
                    }));
        }
        return routes;
    }

    /** Wrapped keys of others in the answer's body or headers, whatever its status. */
    private List<String> leaks(String actor, EntityExchangeResult<byte[]> response) {
        String answer = (new String(bytes(response), StandardCharsets.ISO_8859_1) + response.getResponseHeaders())
                .toLowerCase();
        List<String> leaks = new ArrayList<>();
        wrappedKeys.forEach((reader, wrapped) -> {
            if (!reader.equals(actor) && answer.contains(wrapped.toLowerCase())) {
                leaks.add("the answer carries the record key wrapped for " + reader);
            }
        });
        return leaks;
    }

    /** What {@code check} finds wrong with the answer, including a key or envelope that does not open. */
    private static String problemWith(BodyCheck check, String actor, EntityExchangeResult<byte[]> response) {
        try {
            return check.problem(actor, response);
        } catch (RuntimeException unreadable) {
            return "the answer does not hold what it should: " + unreadable;
        }
    }

    private String namesTheCaller(String actor, EntityExchangeResult<byte[]> response) {
        return contains(signedIn.get(actor).address().toString()).problem(actor, response);
    }

    private String ciphertextOpensForCaller(String actor, EntityExchangeResult<byte[]> response) {
        String wrapped = response.getResponseHeaders().getFirst("HealthKey-Wrapped-Key");
        RecordKey key = new EciesKeyWrap().unwrap(WrappedKey.parse(wrapped), signedIn.get(actor).wallet().encryptionKey());
        byte[] plaintext = new EnvelopeEncryptor().decrypt(EnvelopeKey.fromBytes(key.toBytes()), record, bytes(response));
        return new String(plaintext, StandardCharsets.UTF_8).contains("Observation") ? null : "not A's observation";
    }

    private String keyWrappedForCaller(String actor, EntityExchangeResult<byte[]> response) {
        Map<String, Object> body = json(response);
        if (!signedIn.get(actor).address().toString().equalsIgnoreCase((String) body.get("reader"))) {
            return "the key names reader " + body.get("reader");
        }
        RecordKey key = new EciesKeyWrap().unwrap(WrappedKey.parse((String) body.get("wrappedKey")),
                signedIn.get(actor).wallet().encryptionKey());
        return java.util.Arrays.equals(key.toBytes(), recordKey.toBytes()) ? null : "another record key";
    }

    /** Typed data whose message names the caller as its signer, in {@code field}, never patient A for another. */
    private BodyCheck signedBy(String field) {
        return (actor, response) -> {
            Object signer = ((Map<?, ?>) json(response).get("message")).get(field);
            return signedIn.get(actor).address().toString().equalsIgnoreCase(String.valueOf(signer)) ? null
                    : "typed data for " + signer;
        };
    }

    private static BodyCheck contains(String text) {
        return (actor, response) -> new String(bytes(response), StandardCharsets.UTF_8).toLowerCase()
                .contains(text.toLowerCase()) ? null : "the answer lacks " + text;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(EntityExchangeResult<byte[]> response) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(bytes(response), Map.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }


    private ApiClient signIn(String actor, Wallet wallet) {
        ApiClient client = client(wallet);
        signedIn.put(actor, client);
        clients.put(actor, client.http());
        return client;
    }

    /** The record key wrapped for {@code reader}'s published key, noted as that reader's. */
    private WrappedKey wrapFor(String reader) {
        WrappedKey wrapped = new EciesKeyWrap().wrap(recordKey,
                signedIn.get(reader).wallet().encryptionKey().publicKey());
        wrappedKeys.put(reader, wrapped.toHex());
        return wrapped;
    }

    /** A reservation of an observation of A's, its key wrapped for A. */
    private Map<String, Object> reservation(RecordKey key) {
        String a = patientA.address().toString();
        return Map.of("patient", a, "category", "2", "mediaType", "application/fhir+json", "wrappedKeys",
                Map.of(a, new EciesKeyWrap().wrap(key, patientA.wallet().encryptionKey().publicKey()).toHex()));
    }

    private static Row row(String route, Function<WebTestClient, WebTestClient.ResponseSpec> call, BodyCheck success,
            String... expected) {
        return new Row(route, call, success, List.of(expected), false);
    }

    /** {@code row}, whose success is an event stream that does not end: only its status is taken. */
    private static Row endless(Row row) {
        return new Row(row.route(), row.call(), row.success(), row.expected(), true);
    }

    /**
     * The outcome of any answer, an endless event stream too: a success that is a {@code text/event-stream} is taken
     * from its status once its first event (the opening heartbeat) arrives, and the stream is then cancelled.
     */
    private static String outcomeOf(WebTestClient.ResponseSpec response) {
        FluxExchangeResult<byte[]> result = response.returnResult(byte[].class);
        MediaType type = result.getResponseHeaders().getContentType();
        if (result.getStatus().is2xxSuccessful() && type != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type)) {
            result.getResponseBody().next().block(Duration.ofSeconds(30));
            return String.valueOf(result.getStatus().value());
        }
        byte[] body = result.getResponseBody().reduce(new byte[0], AuthorizationMatrixIT::concat)
                .block(Duration.ofSeconds(30));
        return Outcomes.of(result.getStatus(), body);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** What a successful answer to {@code actor} must hold: null when it does, else what is wrong. */
    @FunctionalInterface
    private interface BodyCheck {
        String problem(String actor, EntityExchangeResult<byte[]> response);
    }

    private record Row(String route, Function<WebTestClient, WebTestClient.ResponseSpec> call, BodyCheck success,
            List<String> expected, boolean endless) {
    }
}
