package io.healthkey.backend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.tx.gas.StaticGasProvider;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.healthkey.backend.adapter.outbound.chain.contracts.ConsentRegistry;
import io.healthkey.backend.application.consent.RelayJournalPort;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.RelayedTransaction;
import io.healthkey.backend.support.ApiClient;
import io.healthkey.backend.support.BackendITSupport;
import io.healthkey.backend.support.LocalStack;
import io.healthkey.backend.support.Loopback;
import io.healthkey.backend.support.Patients;
import io.healthkey.backend.support.Wallet;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.CancelNoncesMessage;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.EthSignature;
import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.eip712.RevocationMessage;
import io.healthkey.protocol.eip712.TypedData;
import io.healthkey.protocol.eip712.TypedDataSigner;

/**
 * A grant signed in Java, relayed by the backend, read back from the chain, revoked, replayed; unsent signatures
 * voided by a relayed nonce cancellation.
 */
class ConsentRelayIT extends BackendITSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    Web3j web3j;

    @Autowired
    RelayJournalPort journal;

    private Eip712Domain domain;
    private ConsentRegistry chainView;
    private TypedDataSigner patient;
    private EthAddress doctor;
    private RecordId observation;
    private WebTestClient unauthenticated;

    @BeforeEach
    void newPatientAndDoctor() {
        Map<?, ?> network = http.get().uri("/api/v1/network").exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        Map<?, ?> contracts = (Map<?, ?>) network.get("contracts");
        EthAddress consentRegistry = EthAddress.parse((String) contracts.get("consentRegistry"));
        domain = Eip712Domain.consentRegistry(((Number) network.get("chainId")).longValue(), consentRegistry);
        chainView = ConsentRegistry.load(consentRegistry.toString(), web3j,
                new ReadonlyTransactionManager(web3j, consentRegistry.toString()), new DefaultGasProvider());
        Wallet patientWallet = Wallet.create();
        patient = patientWallet.signer();
        doctor = Patients.newAddress();
        unauthenticated = http;
        http = as(patientWallet);
        observation = RecordId.of(patient.address(), Category.OBSERVATION, 7);
    }

    /** The relay answered 202 ACCEPTED; its status once CONFIRMED. */
    private Map<?, ?> confirmed(WebTestClient.ResponseSpec response) {
        return ApiClient.awaitConfirmed(http, ApiClient.accepted(response));
    }

    @Test
    void relaysAGrantThatTheChainThenHonoursAndARevocationThatEndsIt() throws Exception {
        Map<?, ?> granted = confirmed(relay("/api/v1/grants", signedGrant(grant(BigInteger.ZERO))));
        assertThat((String) granted.get("transactionHash")).startsWith("0x");
        assertThat(granted.get("kind")).isEqualTo("GRANT");

        assertThat(hasAccessOnChain()).isTrue();
        assertAccessThroughApi(true);

        confirmed(relay("/api/v1/revocations", signedRevocation(revocation(BigInteger.ONE))));

        assertThat(hasAccessOnChain()).isFalse();
        assertAccessThroughApi(false);
        assertThat(journal.forAccount(patient.address()).map(RelayedTransaction::kind).collectList().block())
                .containsExactly(RelayKind.REVOCATION, RelayKind.GRANT);
    }

    @Test
    void streamsEachStatusOfAGrantUntilConfirmedToThePatientOnly() throws Exception {
        String statusUrl = ApiClient.accepted(relay("/api/v1/grants", signedGrant(grant(BigInteger.ZERO))));

        as(Wallet.create()).get().uri(statusUrl + "/events").accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("CHAIN-0005");
        List<ServerSentEvent<Map>> events = http.get().uri(statusUrl + "/events").accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<Map>>() { })
                .getResponseBody().collectList().block(Duration.ofSeconds(60));

        List<String> statuses = events.stream().map(ServerSentEvent::event).toList();
        assertThat(statuses).last().isEqualTo("CONFIRMED");
        assertThat(statuses).isSubsetOf("ACCEPTED", "SENT", "MINED", "CONFIRMED").doesNotHaveDuplicates();
        assertThat(events.get(events.size() - 1).data().get("transactionHash")).isNotNull();
        assertThat(hasAccessOnChain()).isTrue();
    }

    @Test
    void relaysOnlyForTheSignedInPatient() throws Exception {
        Map<String, Object> request = signedGrant(grant(BigInteger.ZERO));
        BigInteger before = latestBlock();

        unauthenticated.post().uri("/api/v1/grants").contentType(MediaType.APPLICATION_JSON).bodyValue(request)
                .exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("AUTH-0010");
        as(Wallet.create()).post().uri("/api/v1/grants").contentType(MediaType.APPLICATION_JSON).bodyValue(request)
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("REQUEST-0007");

        assertThat(relayedToConsentRegistrySince(before)).isZero();
        assertThat(hasAccessOnChain()).isFalse();
    }

    @Test
    void rejectsAReplayedGrantWithTheDecodedNonceErrorAndSendsNothing() throws Exception {
        Map<String, Object> request = signedGrant(grant(BigInteger.ZERO));
        confirmed(relay("/api/v1/grants", request));
        BigInteger before = latestBlock();

        relay("/api/v1/grants", request)
                .expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("CONSENT-0003")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("ConsentRegistryInvalidNonce").contains("expected=1").contains("given=0"));

        assertThat(relayedToConsentRegistrySince(before)).isZero();
        assertThat(chainView.nonces(patient.address().toString()).send()).isEqualTo(BigInteger.ONE);
    }

    @Test
    void rejectsAGrantSignedBySomeoneElseThanThePatient() throws Exception {
        GrantMessage grant = grant(BigInteger.ZERO);
        ECKeyPair stranger = Patients.keyPair("0x" + "11".repeat(32));

        relay("/api/v1/grants", body(grant, signDigest(TypedData.of(domain, grant), stranger)))
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("CONSENT-0001");

        assertThat(hasAccessOnChain()).isFalse();
    }

    @Test
    void rejectsAGrantSignedForAnotherChain() throws Exception {
        GrantMessage grant = grant(BigInteger.ZERO);
        Eip712Domain otherChain = Eip712Domain.consentRegistry(11155111, domain.verifyingContract());

        relay("/api/v1/grants", body(grant, patient.sign(TypedData.of(otherChain, grant))))
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("CONSENT-0001");

        assertThat(hasAccessOnChain()).isFalse();
    }

    @Test
    void rejectsAGrantWhoseDeadlinePassed() {
        GrantMessage late = new GrantMessage(patient.address(), doctor, Scope.of(Category.OBSERVATION), Action.READ,
                Purpose.TREAT, Instant.now().plus(Duration.ofDays(1)), BigInteger.ZERO,
                Instant.now().minus(Duration.ofMinutes(5)));

        relay("/api/v1/grants", body(late, patient.sign(TypedData.of(domain, late))))
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("CONSENT-0002");
    }

    @Test
    void answersMalformedAndOversizedRequestsWithProblemJsonAndSendsNothing() throws Exception {
        BigInteger before = latestBlock();

        http.post().uri("/api/v1/grants").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"grant\": ")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("REQUEST-0001");
        Map<String, Object> unsigned = signedGrant(grant(BigInteger.ZERO));
        unsigned.remove("signature");
        relay("/api/v1/grants", unsigned).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("REQUEST-0002")
                .jsonPath("$.detail").isEqualTo("signature is required");
        Map<String, Object> badAddress = signedGrant(grant(BigInteger.ZERO));
        ((Map<String, Object>) badAddress.get("grant")).put("grantee", "0x1234");
        relay("/api/v1/grants", badAddress).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).startsWith("grant.grantee"));
        http.post().uri("/api/v1/grants").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"pad\":\"" + "x".repeat(100_000) + "\"}")
                .exchange().expectStatus().isEqualTo(413);
        http.get().uri("/api/v1/access?patient=" + patient.address()).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("REQUEST-0001");

        assertThat(relayedToConsentRegistrySince(before)).isZero();
    }

    @Test
    void refusesToRevokeAGrantThatDoesNotExistAndLeavesTheNonceUnused() throws Exception {
        relay("/api/v1/revocations", signedRevocation(revocation(BigInteger.ZERO)))
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("CONSENT-0009");

        assertThat(chainView.nonces(patient.address().toString()).send()).isZero();
    }

    @Test
    void answersAnAccessQueryWithAMalformedRecordIdAsInvalidField() {
        http.get().uri(uri -> uri.path("/api/v1/access").queryParam("patient", patient.address())
                        .queryParam("grantee", doctor).queryParam("record", "0x1234").queryParam("action", "READ")
                        .build())
                .exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("REQUEST-0002")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).startsWith("record "));
    }

    @Test
    void aPatientReGrantsWithANewExpiryRightAfterAGrantAndBothGoOnChainInNonceOrder() throws Exception {
        GrantMessage regrant = grant(BigInteger.ONE, Duration.ofDays(60));
        String first;
        String second;
        automine(false);
        try {
            first = ApiClient.accepted(relay("/api/v1/grants", signedGrant(grant(BigInteger.ZERO))));
            http.get().uri("/api/v1/patients/{patient}/nonce", patient.address()).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.nonce").isEqualTo("1");

            second = ApiClient.accepted(relay("/api/v1/grants", signedGrant(regrant)));

            relay("/api/v1/revocations", signedRevocation(revocation(BigInteger.ONE)))
                    .expectStatus().isEqualTo(409)
                    .expectBody().jsonPath("$.code").isEqualTo("CONSENT-0003")
                    .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                            .contains("is taken by consent request").contains("with nonce 2"));
            relay("/api/v1/revocations", signedRevocation(revocation(BigInteger.valueOf(3))))
                    .expectStatus().isEqualTo(409)
                    .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                            .contains("skips a nonce"));
        } finally {
            automine(true);
            stack().mine();
        }

        ApiClient.awaitConfirmed(http, first);
        ApiClient.awaitConfirmed(http, second);
        assertThat(chainView.nonces(patient.address().toString()).send()).isEqualTo(BigInteger.TWO);
        assertThat(chainView.grantOf(patient.address().toString(), doctor.toString(),
                        Scope.of(Category.OBSERVATION).toBytes32().toBytes(), BigInteger.valueOf(Action.READ.code()))
                .send().component1()).as("the re-grant's expiry").isEqualTo(
                        BigInteger.valueOf(regrant.expiresAt().getEpochSecond()));
    }

    @Test
    void aReGrantQueuedBehindAPendingGrantStillNeedsThePatientsSignature() {
        automine(false);
        try {
            ApiClient.accepted(relay("/api/v1/grants", signedGrant(grant(BigInteger.ZERO))));
            GrantMessage regrant = grant(BigInteger.ONE, Duration.ofDays(60));
            ECKeyPair stranger = Patients.keyPair("0x" + "22".repeat(32));

            relay("/api/v1/grants", body(regrant, signDigest(TypedData.of(domain, regrant), stranger)))
                    .expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.code").isEqualTo("CONSENT-0001");
        } finally {
            automine(true);
            stack().mine();
        }
    }

    @Test
    void aRelayedNonceCancellationVoidsAnUnsentGrantAndTheNextGrantUsesItsNewNonce() throws Exception {
        Map<String, Object> leaked = signedGrant(grant(BigInteger.valueOf(3)));
        Map<?, ?> served = http.get().uri(uri -> uri.path("/api/v1/typed-data/nonce-cancellation")
                        .queryParam("newNonce", "5").build())
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        Map<?, ?> message = (Map<?, ?>) served.get("message");
        CancelNoncesMessage cancellation = new CancelNoncesMessage(patient.address(), BigInteger.valueOf(5),
                BigInteger.ZERO, Instant.ofEpochSecond(Long.parseLong((String) message.get("deadline"))));
        assertThat(served).isEqualTo(JSON.readValue(TypedData.of(domain, cancellation).toJson(), Map.class));

        Map<?, ?> cancelled = confirmed(relay("/api/v1/nonce-cancellations", signedCancellation(cancellation)));

        assertThat(cancelled.get("kind")).isEqualTo("NONCE_CANCELLATION");
        assertThat(chainView.nonces(patient.address().toString()).send()).isEqualTo(5);
        http.get().uri("/api/v1/patients/{patient}/nonce", patient.address()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.nonce").isEqualTo("5");
        BigInteger before = latestBlock();
        relay("/api/v1/grants", leaked)
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("CONSENT-0003")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("expected=5"));
        assertThat(relayedToConsentRegistrySince(before)).isZero();
        assertThat(hasAccessOnChain()).isFalse();

        confirmed(relay("/api/v1/grants", signedGrant(grant(BigInteger.valueOf(5)))));
        assertThat(hasAccessOnChain()).isTrue();
        assertThat(journal.forAccount(patient.address()).map(RelayedTransaction::kind).collectList().block())
                .containsExactly(RelayKind.GRANT, RelayKind.NONCE_CANCELLATION);
    }

    /**
     * Another relayer sends the patient's cancellation ahead of this service's pending grant, with a far higher fee:
     * neither the pending grant (its nonce used by the cancellation) nor the one queued behind it (its nonce jumped
     * over) can ever land, so both end FAILED with {@code OUTBOX-0001} once the cancellation's block is final.
     */
    @Test
    void grantsWhoseNoncesACancellationSentElsewhereUsedEndFailedAsNeverLanding() throws Exception {
        String sent;
        String queued;
        automine(false);
        try {
            sent = ApiClient.accepted(relay("/api/v1/grants", signedGrant(grant(BigInteger.ZERO))));
            queued = ApiClient.accepted(relay("/api/v1/grants",
                    signedGrant(grant(BigInteger.ONE, Duration.ofDays(60)))));
            awaitStatus(sent, "SENT");
            CancelNoncesMessage elsewhere = new CancelNoncesMessage(patient.address(), BigInteger.TEN, BigInteger.ZERO,
                    Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS));
            ConsentRegistry.load(domain.verifyingContract().toString(), web3j,
                    Credentials.create(LocalStack.DEPLOYER_KEY),
                    new StaticGasProvider(BigInteger.valueOf(500_000_000_000L), BigInteger.valueOf(200_000)))
                    .cancelNoncesBySig(new ConsentRegistry.CancelNonces(patient.address().toString(), BigInteger.TEN,
                            BigInteger.ZERO, BigInteger.valueOf(elsewhere.deadline().getEpochSecond())),
                            patient.sign(TypedData.of(domain, elsewhere)).toBytes())
                    .sendAsync();
            Loopback.sleep(Duration.ofMillis(500));
        } finally {
            automine(true);
            stack().mine();
        }

        assertThat(awaitStatus(queued, "FAILED").get("failureCode")).isEqualTo("OUTBOX-0001");
        assertThat(awaitStatus(sent, "FAILED").get("failureCode")).isEqualTo("OUTBOX-0001");
        assertThat(chainView.nonces(patient.address().toString()).send()).isEqualTo(BigInteger.TEN);
        assertThat(hasAccessOnChain()).isFalse();
    }

    @Test
    void servesNoTypedDataWhoseDeadlineOrExpiryPassedOrWhoseDeadlineIsTooFarAhead() {
        long now = Instant.now().getEpochSecond();
        typedGrant(now + 86_400, now - 60).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("CONSENT-0002");
        typedGrant(now - 60, now + 600).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("CONSENT-0008");
        typedGrant(now + 90 * 86_400, now + 31 * 86_400).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("CONSENT-0010");
        http.get().uri(uri -> uri.path("/api/v1/typed-data/nonce-cancellation").queryParam("newNonce", "0").build())
                .exchange().expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("CONSENT-0011");
        typedGrant(now + 86_400, now + 600).expectStatus().isOk();
    }

    @Test
    void aPatientIsNotTheirOwnGranteeForAnotherPatientsRecordOnChainNorThroughTheApi() throws Exception {
        RecordId othersRecord = RecordId.of(doctor, Category.OBSERVATION, 1);
        confirmed(relay("/api/v1/grants", signedGrant(grant(BigInteger.ZERO))));

        assertThat(chainView.hasAccess(patient.address().toString(), patient.address().toString(),
                othersRecord.toBytes32().toBytes(), BigInteger.valueOf(Action.READ.code())).send()).isFalse();
        for (String asker : List.of(patient.address().toString(), doctor.toString())) {
            http.get().uri(uri -> uri.path("/api/v1/access").queryParam("patient", asker).queryParam("grantee", asker)
                            .queryParam("record", othersRecord.toHex()).queryParam("action", "READ").build())
                    .exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.allowed").isEqualTo(asker.equals(doctor.toString()));
        }
    }

    @Test
    void tellsThePatientsNextNonce() {
        http.get().uri("/api/v1/patients/{patient}/nonce", patient.address()).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.nonce").isEqualTo("0")
                .jsonPath("$.patient").isEqualTo(patient.address().toString());
    }

    private GrantMessage grant(BigInteger nonce) {
        return grant(nonce, Duration.ofDays(30));
    }

    private GrantMessage grant(BigInteger nonce, Duration lasting) {
        return new GrantMessage(patient.address(), doctor, Scope.of(Category.OBSERVATION), Action.READ, Purpose.TREAT,
                Instant.now().plus(lasting).truncatedTo(ChronoUnit.SECONDS), nonce,
                Instant.now().plus(Duration.ofHours(1)));
    }

    /** Stops or resumes the chain's block per transaction: sent transactions wait in the pool meanwhile. */
    private void automine(boolean on) {
        stack().automine(on);
    }

    private RevocationMessage revocation(BigInteger nonce) {
        return new RevocationMessage(patient.address(), doctor, Scope.of(Category.OBSERVATION), Action.READ, nonce,
                Instant.now().plus(Duration.ofHours(1)));
    }

    private Map<String, Object> signedGrant(GrantMessage grant) {
        return body(grant, patient.sign(TypedData.of(domain, grant)));
    }

    private Map<String, Object> signedRevocation(RevocationMessage revocation) {
        TypedData typedData = TypedData.of(domain, revocation);
        return new java.util.HashMap<>(Map.of("revocation", new java.util.HashMap<>(message(typedData)),
                "signature", patient.sign(typedData).toHex()));
    }

    private Map<String, Object> signedCancellation(CancelNoncesMessage cancellation) {
        TypedData typedData = TypedData.of(domain, cancellation);
        return new java.util.HashMap<>(Map.of("cancellation", new java.util.HashMap<>(message(typedData)),
                "signature", patient.sign(typedData).toHex()));
    }

    private ResponseSpec typedGrant(long expiresAt, long deadline) {
        return http.get().uri(uri -> uri.path("/api/v1/typed-data/grant").queryParam("grantee", doctor)
                .queryParam("scope", Scope.all().toBytes32().toHex()).queryParam("action", "READ")
                .queryParam("purpose", "TREAT").queryParam("expiresAt", expiresAt).queryParam("deadline", deadline)
                .build()).exchange();
    }

    /** Polls the request until it has {@code status}. */
    private Map<?, ?> awaitStatus(String statusUrl, String status) {
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            Map<?, ?> current = http.get().uri(statusUrl).exchange().expectStatus().isOk()
                    .expectBody(Map.class).returnResult().getResponseBody();
            if (status.equals(current.get("status"))) {
                return current;
            }
            assertThat(Instant.now()).as("%s within 30 s, now %s", status, current).isBefore(until);
            Loopback.sleep(Duration.ofMillis(100));
        }
    }

    private Map<String, Object> body(GrantMessage grant, EthSignature signature) {
        return new java.util.HashMap<>(Map.of("grant", new java.util.HashMap<>(message(TypedData.of(domain, grant))),
                "signature", signature.toHex()));
    }

    /** The typed data's {@code message}, exactly as a wallet signed it, is the request body's payload. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> message(TypedData typedData) {
        return (Map<String, Object>) typedData.toMap().get("message");
    }

    private static EthSignature signDigest(TypedData typedData, ECKeyPair key) {
        return EthSignature.fromBytes(Patients.signDigest(key, typedData.digest().toBytes()));
    }

    private ResponseSpec relay(String path, Map<String, Object> body) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private boolean hasAccessOnChain() throws Exception {
        return chainView.hasAccess(patient.address().toString(), doctor.toString(), observation.toBytes32().toBytes(),
                BigInteger.valueOf(Action.READ.code())).send();
    }

    private void assertAccessThroughApi(boolean allowed) {
        http.get().uri(uri -> uri.path("/api/v1/access").queryParam("patient", patient.address())
                        .queryParam("grantee", doctor).queryParam("record", observation.toHex())
                        .queryParam("action", "READ").build())
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.allowed").isEqualTo(allowed);
    }

    private BigInteger latestBlock() throws Exception {
        return web3j.ethBlockNumber().send().getBlockNumber();
    }

    /**
     * The relayer's transactions to the ConsentRegistry for this patient mined after block {@code before}: what a
     * refused relay must leave at zero. Counted by target and patient, not by the relayer's nonce: other ITs'
     * contexts on the shared chain (receipt roots, anchors, their own patients' relays) send with the same key at
     * any time.
     */
    private long relayedToConsentRegistrySince(BigInteger before) throws Exception {
        Map<?, ?> network = http.get().uri("/api/v1/network").exchange().expectBody(Map.class).returnResult()
                .getResponseBody();
        String relayer = (String) network.get("relayer");
        String consentRegistry = (String) ((Map<?, ?>) network.get("contracts")).get("consentRegistry");
        // this patient's address as an ABI word: every consent call for the patient carries it
        String patientWord = patient.address().toString().substring(2).toLowerCase(java.util.Locale.ROOT);
        long count = 0;
        for (BigInteger block = before.add(BigInteger.ONE); block.compareTo(latestBlock()) <= 0;
                block = block.add(BigInteger.ONE)) {
            for (var result : web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(block), true).send().getBlock()
                    .getTransactions()) {
                Transaction transaction = (Transaction) result.get();
                if (relayer.equalsIgnoreCase(transaction.getFrom())
                        && consentRegistry.equalsIgnoreCase(transaction.getTo())
                        && transaction.getInput().toLowerCase(java.util.Locale.ROOT).contains(patientWord)) {
                    count++;
                }
            }
        }
        return count;
    }
}
