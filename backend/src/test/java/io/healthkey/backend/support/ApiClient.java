package io.healthkey.backend.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.healthkey.protocol.Action;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.CancelNoncesMessage;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.Eip712Message;
import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.eip712.KeyPublicationMessage;
import io.healthkey.protocol.eip712.RevocationMessage;
import io.healthkey.protocol.eip712.ShareTransferMessage;
import io.healthkey.protocol.eip712.TypedData;
import io.healthkey.protocol.envelope.EnvelopeEncryptor;
import io.healthkey.protocol.envelope.EnvelopeKey;
import io.healthkey.protocol.keywrap.EciesKeyWrap;
import io.healthkey.protocol.keywrap.RecordKey;
import io.healthkey.protocol.keywrap.WrappedKey;
import io.healthkey.protocol.recovery.RecoveryKit;
import io.healthkey.protocol.recovery.RecoveryKits;

/**
 * The HTTP API as one signed-in participant uses it, in the steps of the product's journey. Typed data is fetched
 * from the API and checked to be exactly what Java builds for the same message before the wallet signs it.
 */
public final class ApiClient {

    private static final Duration MINED_WITHIN = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebTestClient http;
    private final Wallet wallet;
    private final EthAddress account;
    private final EncryptionPrivateKey encryptionKey;
    private final Function<TypedData, String> signer;
    private final long chainId;
    private final Map<?, ?> network;

    public ApiClient(WebTestClient http, Wallet wallet, long chainId) {
        this(http, wallet, wallet.address(), wallet.encryptionKey(), data -> wallet.signer().sign(data).toHex(),
                chainId);
    }

    /**
     * A contract account's client (a passkey account, say): {@code signer} answers the account's signature of typed
     * data as the API takes it (ERC-1271, or ERC-6492 before the account is deployed).
     */
    public static ApiClient forAccount(WebTestClient http, EthAddress account, EncryptionPrivateKey encryptionKey,
            Function<TypedData, String> signer, long chainId) {
        return new ApiClient(http, null, account, encryptionKey, signer, chainId);
    }

    private ApiClient(WebTestClient http, Wallet wallet, EthAddress account, EncryptionPrivateKey encryptionKey,
            Function<TypedData, String> signer, long chainId) {
        this.http = http;
        this.wallet = wallet;
        this.account = account;
        this.encryptionKey = encryptionKey;
        this.signer = signer;
        this.chainId = chainId;
        this.network = http.get().uri("/api/v1/network").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    public WebTestClient http() {
        return http;
    }

    /** The wallet of a wallet's client; a contract account's client has none. */
    public Wallet wallet() {
        if (wallet == null) {
            throw new IllegalStateException(account + " is a contract account: it has no wallet key");
        }
        return wallet;
    }

    public EthAddress address() {
        return account;
    }

    public EncryptionPrivateKey encryptionKey() {
        return encryptionKey;
    }

    /** Publishes the wallet's encryption key through typed data and the relay. */
    public void publishEncryptionKey() {
        awaitConfirmed(accepted(post("/api/v1/key-publications", signedKeyPublication())));
    }

    /** The body of POST /api/v1/key-publications: the wallet's key publication, from the API's typed data, signed. */
    public Map<String, Object> signedKeyPublication() {
        Map<String, Object> typed = typedData("/api/v1/typed-data/key-publication?publicKey="
                + encryptionKey.publicKey().toHex());
        Map<String, Object> message = message(typed);
        KeyPublicationMessage publication = new KeyPublicationMessage(account,
                encryptionKey.publicKey(), new BigInteger((String) message.get("nonce")),
                Instant.ofEpochSecond(Long.parseLong((String) message.get("deadline"))));
        TypedData expected = TypedData.of(Eip712Domain.participantDirectory(chainId,
                EthAddress.parse((String) contracts().get("participantDirectory"))), publication);
        assertSameJson(typed, expected);
        return Map.of("publication", message, "signature", signer.apply(expected));
    }

    public GrantMessage grantMessage(EthAddress grantee, Scope scope, Action action, Purpose purpose,
            Instant expiresAt) {
        return grantMessage(grantee, scope, action, purpose, expiresAt, null);
    }

    /** {@link #grantMessage(EthAddress, Scope, Action, Purpose, Instant)} signed by {@code deadline}, if not null. */
    public GrantMessage grantMessage(EthAddress grantee, Scope scope, Action action, Purpose purpose,
            Instant expiresAt, Instant deadline) {
        Map<String, Object> typed = typedData("/api/v1/typed-data/grant?grantee=" + grantee + "&scope="
                + scope.toBytes32().toHex() + "&action=" + action.name() + "&purpose=" + purpose.hl7Code()
                + "&expiresAt=" + expiresAt.getEpochSecond()
                + (deadline == null ? "" : "&deadline=" + deadline.getEpochSecond()));
        Map<String, Object> message = message(typed);
        GrantMessage grant = new GrantMessage(account, grantee, scope, action, purpose, expiresAt,
                new BigInteger((String) message.get("nonce")),
                Instant.ofEpochSecond(Long.parseLong((String) message.get("deadline"))));
        assertSameJson(typed, TypedData.of(consentDomain(), grant));
        return grant;
    }

    public Map<String, Object> signedGrant(GrantMessage grant, Map<RecordId, WrappedKey> keys) {
        TypedData typedData = TypedData.of(consentDomain(), grant);
        List<Map<String, String>> wrapped = new ArrayList<>();
        keys.forEach((id, key) -> wrapped.add(Map.of("recordId", id.toHex(), "wrappedKey", key.toHex())));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("grant", message(typedData.toMap()));
        body.put("signature", signer.apply(typedData));
        body.put("recordKeys", wrapped);
        return body;
    }

    /** Grants through typed data from the API, with record keys wrapped for the grantee; answers when confirmed. */
    public void grant(EthAddress grantee, Scope scope, Action action, Map<RecordId, WrappedKey> keys) {
        GrantMessage grant = grantMessage(grantee, scope, action, Purpose.TREAT, Instant.now().plus(Duration.ofDays(30)));
        awaitConfirmed(accepted(post("/api/v1/grants", signedGrant(grant, keys))));
    }

    /** The status URL of a relay the API accepted: 202, ACCEPTED. */
    public static String accepted(WebTestClient.ResponseSpec response) {
        Map<?, ?> body = response.expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(body.get("status")).as("relay answer %s", body).isEqualTo("ACCEPTED");
        return (String) body.get("statusUrl");
    }

    public void revoke(EthAddress grantee, Scope scope, Action action) {
        awaitConfirmed(postRevocation(grantee, scope, action));
    }

    /** Signs a revocation through typed data from the API and posts it; answers its status URL (202, ACCEPTED). */
    public String postRevocation(EthAddress grantee, Scope scope, Action action) {
        return accepted(post("/api/v1/revocations", signedRevocation(grantee, scope, action)));
    }

    /** The body of POST /api/v1/revocations: a revocation from the API's typed data, signed by this wallet. */
    public Map<String, Object> signedRevocation(EthAddress grantee, Scope scope, Action action) {
        Map<String, Object> typed = typedData("/api/v1/typed-data/revocation?grantee=" + grantee + "&scope="
                + scope.toBytes32().toHex() + "&action=" + action.name());
        Map<String, Object> message = message(typed);
        RevocationMessage revocation = new RevocationMessage(account, grantee, scope, action,
                new BigInteger((String) message.get("nonce")),
                Instant.ofEpochSecond(Long.parseLong((String) message.get("deadline"))));
        TypedData typedData = TypedData.of(consentDomain(), revocation);
        assertSameJson(typed, typedData);
        return Map.of("revocation", message, "signature", signer.apply(typedData));
    }

    /**
     * The body of POST /api/v1/nonce-cancellations: a cancellation of this wallet's next nonce only (its newNonce one
     * past it), from the API's typed data, signed by this wallet.
     */
    public Map<String, Object> signedNonceCancellation() {
        BigInteger next = new BigInteger((String) http.get().uri("/api/v1/patients/{p}/nonce", account)
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("nonce"));
        Map<String, Object> typed = typedData("/api/v1/typed-data/nonce-cancellation?newNonce=" + next.add(
                BigInteger.ONE));
        Map<String, Object> message = message(typed);
        CancelNoncesMessage cancellation = new CancelNoncesMessage(account, next.add(BigInteger.ONE), next,
                Instant.ofEpochSecond(Long.parseLong((String) message.get("deadline"))));
        TypedData typedData = TypedData.of(consentDomain(), cancellation);
        assertSameJson(typed, typedData);
        return Map.of("cancellation", message, "signature", signer.apply(typedData));
    }

    /** Posts plaintext to the clinic gateway; answers the accepted upload's JSON. */
    public WebTestClient.ResponseSpec gatewayUpload(EthAddress patient, MediaType mediaType, byte[] body,
            RecordId supersedes) {
        return http.post().uri(uri -> uri.path("/api/v1/gateway/patients/{patient}/records")
                        .queryParamIfPresent("supersedes", java.util.Optional.ofNullable(supersedes).map(RecordId::toHex))
                        .build(patient.toString()))
                .contentType(mediaType).bodyValue(body).exchange();
    }

    /**
     * Reserves a record of this patient in {@code category} with its key wrapped for the patient only, uploads
     * {@code plaintext} encrypted client-side, and waits until its anchor is mined.
     */
    public UploadedRecord uploadOwnRecord(int category, byte[] plaintext) {
        return uploadOwnRecord(category, (key, id) -> new EnvelopeEncryptor().encrypt(key, id, plaintext));
    }

    /**
     * {@link #uploadOwnRecord(int, byte[])} in an envelope of version 2, the record key wrapped in its header for
     * this wallet's encryption key, which must be published: the patient reads it back after a database loss.
     */
    public UploadedRecord uploadRecoverableRecord(int category, byte[] plaintext) {
        return uploadOwnRecord(category, (key, id) -> new EnvelopeEncryptor().encrypt(key, id,
                encryptionKey.publicKey(), plaintext));
    }

    private UploadedRecord uploadOwnRecord(int category,
            BiFunction<EnvelopeKey, RecordId, byte[]> envelope) {
        RecordKey key = RecordKey.generate();
        Map<?, ?> reservation = post("/api/v1/records", Map.of("patient", address().toString(),
                        "category", Integer.toString(category), "mediaType", "application/fhir+json", "wrappedKeys",
                        Map.of(address().toString(),
                                new EciesKeyWrap().wrap(key, encryptionKey.publicKey()).toHex())))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        RecordId id = RecordId.parse((String) reservation.get("recordId"));
        Map<?, ?> uploaded = http.put().uri("/api/v1/records/{id}/content", id.toHex())
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(envelope.apply(EnvelopeKey.fromBytes(key.toBytes()), id))
                .exchange().expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
        awaitConfirmed((String) uploaded.get("statusUrl"));
        return new UploadedRecord(id, key, (String) uploaded.get("requestId"));
    }

    public record UploadedRecord(RecordId id, RecordKey key, String requestId) {
    }

    /** Waits until the chain request at {@code statusUrl} is CONFIRMED; fails on FAILED or after 30 s. */
    public Map<?, ?> awaitConfirmed(String statusUrl) {
        return awaitConfirmed(http, statusUrl);
    }

    /** {@link #awaitConfirmed(String)} with any signed-in client that may see the request. */
    public static Map<?, ?> awaitConfirmed(WebTestClient http, String statusUrl) {
        Instant until = Instant.now().plus(MINED_WITHIN);
        while (true) {
            Map<?, ?> status = http.get().uri(statusUrl).exchange().expectStatus().isOk()
                    .expectBody(Map.class).returnResult().getResponseBody();
            if ("CONFIRMED".equals(status.get("status"))) {
                return status;
            }
            assertThat(status.get("status")).as("chain request %s", status).isIn("ACCEPTED", "SENT", "MINED");
            assertThat(Instant.now()).as("mined within %s", MINED_WITHIN).isBefore(until);
            Loopback.sleep(Duration.ofMillis(100));
        }
    }

    /** Reads a record's ciphertext and opens it with this wallet's encryption key. */
    public Opened readAndDecrypt(RecordId id) {
        EntityExchangeResult<byte[]> read = http.get().uri("/api/v1/records/{id}/content", id.toHex()).exchange()
                .expectStatus().isOk()
                .expectBody(byte[].class).returnResult();
        WrappedKey wrapped = WrappedKey.parse(read.getResponseHeaders().getFirst("HealthKey-Wrapped-Key"));
        RecordKey key = new EciesKeyWrap().unwrap(wrapped, encryptionKey);
        byte[] plaintext = new EnvelopeEncryptor().decrypt(EnvelopeKey.fromBytes(key.toBytes()), id,
                read.getResponseBody());
        return new Opened(key, plaintext, read.getResponseHeaders().getFirst("HealthKey-Cid"));
    }

    /** The record key of {@code id}, fetched without the record, unwrapped, and wrapped anew for {@code reader}. */
    public WrappedKey rewrapFor(RecordId id, EncryptionPrivateKey readerKey) {
        Map<?, ?> key = http.get().uri("/api/v1/records/{id}/key", id.toHex()).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        RecordKey recordKey = new EciesKeyWrap().unwrap(WrappedKey.parse((String) key.get("wrappedKey")),
                encryptionKey);
        return new EciesKeyWrap().wrap(recordKey, readerKey.publicKey());
    }

    public WebTestClient.ResponseSpec post(String path, Object body) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    public List<Map<String, Object>> list(String path) {
        return http.get().uri(path).exchange().expectStatus().isOk()
                .expectBodyList(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();
    }

    public record Opened(RecordKey key, byte[] plaintext, String cid) {
    }

    /** Stores {@code kit} as this patient's recovery kit (category 4098, the kit's own bytes) and waits for its anchor. */
    public RecordId storeRecoveryKit(RecoveryKit kit) {
        Map<?, ?> reservation = post("/api/v1/records", Map.of("patient", address().toString(), "category", "4098",
                        "mediaType", "application/vnd.healthkey.recovery-kit", "wrappedKeys", Map.of()))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        RecordId id = RecordId.parse((String) reservation.get("recordId"));
        Map<?, ?> uploaded = http.put().uri("/api/v1/records/{id}/content", id.toHex())
                .contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(kit.toBytes()).exchange()
                .expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
        awaitConfirmed((String) uploaded.get("statusUrl"));
        return id;
    }

    /**
     * What a guardian's client sends for recovery request {@code requestId}: the kit fetched from the API, this
     * wallet's share re-wrapped for {@code recipient}, signed in {@code domain}; the body of
     * {@code POST /api/v1/recovery/requests/{id}/transfers}.
     */
    public Map<String, Object> signedShareTransfer(String requestId, EncryptionPublicKey recipient,
            Eip712Domain domain) {
        byte[] kit = http.get().uri("/api/v1/recovery/requests/{id}/kit", requestId).exchange()
                .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        ShareTransferMessage message = new RecoveryKits().transferShare(RecoveryKit.parse(kit),
                encryptionKey, recipient, Instant.now().plus(Duration.ofHours(1)).truncatedTo(
                        java.time.temporal.ChronoUnit.SECONDS));
        return Map.of("transfer", Map.of("kitId", message.kitId().toHex(), "patient", message.patient().toString(),
                "guardian", message.guardian().toString(), "recipientPublicKey", message.recipientPublicKey().toHex(),
                "share", Hex.encode(message.share()), "deadline", Long.toString(message.deadline().getEpochSecond())),
                "signature", signer.apply(TypedData.of(domain, message)));
    }

    /** The recovery domain of this deployment: its chain and {@code RecordRegistry}. */
    public Eip712Domain recoveryDomain() {
        return Eip712Domain.recovery(chainId, EthAddress.parse((String) contracts().get("recordRegistry")));
    }

    /**
     * The typed data the API serves at {@code path}, checked value for value against the message Java builds from
     * its values ({@code rebuild}, in the ConsentRegistry's domain), and signed by this wallet: a relay body of the
     * message under {@code field} and the signature.
     */
    public Map<String, Object> signedFromApi(String path, String field,
            Function<Map<String, Object>, Eip712Message> rebuild) {
        Map<String, Object> typed = typedData(path);
        TypedData expected = TypedData.of(consentDomain(), rebuild.apply(message(typed)));
        assertSameJson(typed, expected);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(field, message(typed));
        body.put("signature", signer.apply(expected));
        return body;
    }

    private Eip712Domain consentDomain() {
        return Eip712Domain.consentRegistry(chainId, EthAddress.parse((String) contracts().get("consentRegistry")));
    }

    private Map<?, ?> contracts() {
        return (Map<?, ?>) network.get("contracts");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> typedData(String path) {
        return http.get().uri(path).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> message(Map<String, Object> typedData) {
        return (Map<String, Object>) typedData.get("message");
    }

    /** The API's typed data is, value for value, what Java builds for the same message. */
    private static void assertSameJson(Map<String, Object> fromApi, TypedData expected) {
        try {
            assertThat(JSON.readTree(JSON.writeValueAsString(fromApi))).isEqualTo(JSON.readTree(expected.toJson()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
