package io.healthkey.backend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.utils.Numeric;

import io.healthkey.backend.application.account.AccountSignaturePort;
import io.healthkey.backend.support.BackendITSupport;
import io.healthkey.backend.support.ContractWallets;
import io.healthkey.backend.support.NodeScript;
import io.healthkey.backend.support.SignIn;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.account.AccountSignature;

/**
 * A dApp signs in with a message made by the npm siwe package and signed by an ethers 6 wallet, with a nonce from
 * the API; the session token then opens {@code /api/v1/me}. Replays, expired, foreign-domain, other-chain and
 * wrongly signed messages are refused, and so are requests without a valid token.
 */
class SiweSignInIT extends BackendITSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOMAIN = SignIn.DOMAIN;
    private static final String ORIGIN = SignIn.ORIGIN;

    @Autowired
    Web3j web3j;

    @Autowired
    AccountSignaturePort signatures;

    private final ECKeyPair key = newKey();
    private final String address = Keys.toChecksumAddress(Keys.getAddress(key));

    @Test
    void messageFromSiweSignedByEthersOpensASessionForItsAddress() throws Exception {
        JsonNode signed = siweSign(fields(nonce()));

        JsonNode session = tree(signIn(signed).expectStatus().isOk()
                .expectHeader().cacheControl(CacheControl.noStore()));

        assertThat(session.path("address").asText()).isEqualTo(address);
        assertThat(session.path("tokenType").asText()).isEqualTo("Bearer");
        Instant expiresAt = Instant.parse(session.path("expiresAt").asText());
        assertThat(expiresAt).isBetween(Instant.now().plus(Duration.ofMinutes(14)), Instant.now().plus(Duration.ofMinutes(16)));
        http.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + session.path("token").asText())
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.address").isEqualTo(address)
                .jsonPath("$.expiresAt").isEqualTo(session.path("expiresAt").asText());
    }

    @Test
    void nonceIsRandomSingleUseAndShortLived() {
        JsonNode first = nonceResponse();
        JsonNode second = nonceResponse();

        assertThat(first.path("nonce").asText()).matches("[A-Za-z0-9]{8,}").isNotEqualTo(second.path("nonce").asText());
        assertThat(Instant.parse(first.path("expiresAt").asText())).isBetween(Instant.now(),
                Instant.now().plus(Duration.ofMinutes(6)));
    }

    @Test
    void aContractWalletSignsInWhenItsIsValidSignatureAcceptsTheOwnersSignature() throws Exception {
        EthAddress wallet = ContractWallets.deploy(web3j, 31337, stack().root(), EthAddress.parse(address));
        Map<String, Object> fields = fields(nonce());
        fields.put("address", wallet.toString());

        JsonNode session = tree(signIn(siweSign(fields)).expectStatus().isOk());

        assertThat(session.path("address").asText()).isEqualTo(wallet.toString());
        EthAddress strangersWallet = ContractWallets.deploy(web3j, 31337, stack().root(),
                EthAddress.parse("0x" + "12".repeat(20)));
        Map<String, Object> notTheOwner = fields(nonce());
        notTheOwner.put("address", strangersWallet.toString());
        expectProblem(signIn(siweSign(notTheOwner)), 422, "AUTH-0009");
    }

    @Test
    void aJunkSignatureDoesNotSignInAsTheIdentityPrecompileWhoseAnswerStartsWithTheMagicValue() throws Exception {
        EthAddress identity = EthAddress.parse("0x0000000000000000000000000000000000000004");
        Bytes32 digest = Bytes32.fromBytes(new byte[32]);
        AccountSignature junk = AccountSignature.fromBytes(junkSignature());
        // The precompile echoes the call, magic value first, but has no code: the chain's own rule says no.
        assertThat(signatures.isSignedBy(identity, digest, junk).block()).isFalse();
        Map<String, Object> fields = fields(nonce());
        fields.put("address", identity.toString());

        expectProblem(signIn(siweSign(fields)), 422, "AUTH-0009");
    }

    @Test
    void replayedMessageIsAConflict() throws Exception {
        JsonNode signed = siweSign(fields(nonce()));
        signIn(signed).expectStatus().isOk();

        expectProblem(signIn(signed), 409, "AUTH-0006");
    }

    @Test
    void expiredMessageIsRefused() throws Exception {
        Map<String, Object> fields = fields(nonce());
        fields.put("issuedAt", Instant.now().minusSeconds(60).toString());
        fields.put("expirationTime", Instant.now().minusSeconds(1).toString());

        expectProblem(signIn(siweSign(fields)), 422, "AUTH-0007");
    }

    @Test
    void messageForAnotherDomainIsRefused() throws Exception {
        Map<String, Object> fields = fields(nonce());
        fields.put("domain", "evil.example");

        expectProblem(signIn(siweSign(fields)), 422, "AUTH-0002");
    }

    @Test
    void messageForAnotherUriOriginIsRefused() throws Exception {
        Map<String, Object> fields = fields(nonce());
        fields.put("uri", "https://evil.example/login");

        expectProblem(signIn(siweSign(fields)), 422, "AUTH-0003");
    }

    @Test
    void messageForAnotherChainIsRefused() throws Exception {
        Map<String, Object> fields = fields(nonce());
        fields.put("chainId", 1);

        expectProblem(signIn(siweSign(fields)), 422, "AUTH-0004");
    }

    @Test
    void messageSignedByAnotherKeyIsRefusedAndLeavesTheNonceUsable() throws Exception {
        String nonce = nonce();
        Map<String, Object> fields = fields(nonce);
        JsonNode byMe = siweSign(fields);
        fields.put("privateKey", Numeric.toHexStringWithPrefixZeroPadded(newKey().getPrivateKey(), 64));
        fields.put("address", address); // the other key signs a message naming my address
        JsonNode byOther = siweSign(fields);
        assertThat(byOther.path("message").asText()).isEqualTo(byMe.path("message").asText());

        expectProblem(signIn(byOther.path("message").asText(), byOther.path("signature").asText()), 422, "AUTH-0009");
        signIn(byMe).expectStatus().isOk();
    }

    @Test
    void nonceNotIssuedHereIsRefused() throws Exception {
        expectProblem(signIn(siweSign(fields("neverIssuedByHealthKey"))), 422, "AUTH-0005");
    }

    @Test
    void malformedMessageIsRefused() {
        expectProblem(signIn("hello", "0x" + "11".repeat(65)), 422, "AUTH-0001");
    }

    @Test
    void meWithoutTokenIs401WithAChallenge() {
        http.get().uri("/api/v1/me").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"healthkey\"")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("AUTH-0010");
    }

    @Test
    void meWithATamperedTokenIs401() throws Exception {
        String token = tree(signIn(siweSign(fields(nonce()))).expectStatus().isOk()).path("token").asText();
        int middle = token.length() / 2;
        String tampered = token.substring(0, middle) + (token.charAt(middle) == 'A' ? 'B' : 'A')
                + token.substring(middle + 1);

        for (String header : new String[] {"Bearer " + tampered, "Bearer " + token + "x", "Basic " + token}) {
            http.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, header).exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE,
                            "Bearer realm=\"healthkey\", error=\"invalid_token\"")
                    .expectBody().jsonPath("$.code").isEqualTo("AUTH-0011");
        }
    }

    @Test
    void theNetworkDescriptionStaysOpenAndConsentEndpointsNeedASession() {
        http.get().uri("/api/v1/network").exchange().expectStatus().isOk();
        http.get().uri("/api/v1/patients/" + address + "/nonce").exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("AUTH-0010");
    }

    @Test
    void openApiDescribesTheSignInRoutesAndTheBearerScheme() {
        http.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/api/v1/auth/nonce'].post").exists()
                .jsonPath("$.paths['/api/v1/auth/session'].post").exists()
                .jsonPath("$.paths['/api/v1/me'].get.parameters").doesNotExist()
                .jsonPath("$.paths['/api/v1/me'].get.security[0].bearer").exists()
                .jsonPath("$.paths['/api/v1/records/{recordId}/content'].get.security[0].bearer").exists()
                .jsonPath("$.paths['/api/v1/network'].get.security").doesNotExist()
                .jsonPath("$.components.securitySchemes.bearer.scheme").isEqualTo("bearer");
    }

    private String nonce() {
        return nonceResponse().path("nonce").asText();
    }

    private JsonNode nonceResponse() {
        return tree(http.post().uri("/api/v1/auth/nonce").exchange().expectStatus().isOk());
    }

    /** The body as a tree; the client's codecs are Jackson 3, the tests read with the Jackson 2 web3j brings. */
    private static JsonNode tree(WebTestClient.ResponseSpec response) {
        try {
            return JSON.readTree(response.expectBody(String.class).returnResult().getResponseBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> fields(String nonce) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("privateKey", Numeric.toHexStringWithPrefixZeroPadded(key.getPrivateKey(), 64));
        fields.put("domain", DOMAIN);
        fields.put("uri", ORIGIN + "/login");
        fields.put("chainId", 31337);
        fields.put("nonce", nonce);
        fields.put("issuedAt", Instant.now().toString());
        fields.put("statement", "Sign in to HealthKey.");
        return fields;
    }

    private JsonNode siweSign(Map<String, Object> fields) throws Exception {
        NodeScript.Result result = NodeScript.run(stack().root(), "siwe-sign.mjs", JSON.writeValueAsString(fields));
        assertThat(result.exitCode()).as(result.stdout()).isZero();
        JsonNode signed = JSON.readTree(result.stdout());
        assertThat(signed.has("error")).as(result.stdout()).isFalse();
        return signed;
    }

    private WebTestClient.ResponseSpec signIn(JsonNode signed) {
        return signIn(signed.path("message").asText(), signed.path("signature").asText());
    }

    private WebTestClient.ResponseSpec signIn(String message, String signature) {
        return http.post().uri("/api/v1/auth/session").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("message", message, "signature", signature)).exchange();
    }

    private static void expectProblem(WebTestClient.ResponseSpec response, int status, String code) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo(code);
    }

    /** 65 bytes that parse as a signature and recover to nobody in particular. */
    private static byte[] junkSignature() {
        byte[] bytes = new byte[65];
        java.util.Arrays.fill(bytes, (byte) 0x11);
        bytes[64] = 27;
        return bytes;
    }

    private static ECKeyPair newKey() {
        try {
            return Keys.createEcKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
