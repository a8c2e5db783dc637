package io.healthkey.backend.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.web3j.protocol.core.DefaultBlockParameterName;

import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.support.ApiClient;
import io.healthkey.backend.support.BackendProcess;
import io.healthkey.backend.support.FaultStack;
import io.healthkey.backend.support.Patients;
import io.healthkey.backend.support.Wallet;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.envelope.EnvelopeEncryptor;
import io.healthkey.protocol.envelope.EnvelopeKey;
import io.healthkey.protocol.keywrap.EciesKeyWrap;
import io.healthkey.protocol.keywrap.RecordKey;

/**
 * The two requests the fault tests relay through a backend process, each by a new patient so that its on-chain
 * effect can be counted alone: a grant (the patient's consent nonce) and an upload (the record's anchor event).
 */
final class FaultRequests {

    private static final byte[] PDF = "%PDF-1.7 anchored once".getBytes(StandardCharsets.US_ASCII);

    private FaultRequests() {
    }

    /** A request the backend answered 202 to; {@code record} only for uploads. */
    record Accepted(Wallet patient, RelayKind kind, String statusUrl, Optional<RecordId> record) {
    }

    /** A new patient grants a doctor read access to their observations. */
    static Accepted grant(BackendProcess backend) {
        Wallet patient = Wallet.create();
        ApiClient client = backend.client(patient);
        var grant = client.grantMessage(Patients.newAddress(), Scope.of(Category.OBSERVATION), Action.READ,
                Purpose.TREAT, Instant.now().plus(Duration.ofDays(30)));
        String statusUrl = ApiClient.accepted(client.post("/api/v1/grants", client.signedGrant(grant, Map.of())));
        return new Accepted(patient, RelayKind.GRANT, statusUrl, Optional.empty());
    }

    /** A new patient reserves a record and uploads its ciphertext (to Kubo; the anchor goes through the outbox). */
    static Accepted upload(BackendProcess backend) {
        Wallet patient = Wallet.create();
        ApiClient client = backend.client(patient);
        RecordId id = reserve(client);
        Map<?, ?> body = put(client, id).expectStatus().isAccepted().expectBody(Map.class).returnResult()
                .getResponseBody();
        return new Accepted(patient, RelayKind.ANCHOR, (String) body.get("statusUrl"), Optional.of(id));
    }

    /** An upload whatever its answer: the record it was for and the response to its content. */
    record Attempt(RecordId record, WebTestClient.ResponseSpec response) {
    }

    /** A new patient reserves a record and uploads its ciphertext, whatever the answer. */
    static Attempt tryUpload(BackendProcess backend) {
        ApiClient client = backend.client(Wallet.create());
        RecordId id = reserve(client);
        return new Attempt(id, put(client, id));
    }

    private static RecordId reserve(ApiClient client) {
        RecordKey key = RecordKey.generate();
        String wrapped = new EciesKeyWrap().wrap(key, client.wallet().encryptionKey().publicKey()).toHex();
        Map<?, ?> reservation = client.post("/api/v1/records", Map.of("patient", client.address().toString(),
                "category", String.valueOf(Category.PDF_DOCUMENT.code()), "mediaType", "application/pdf",
                "wrappedKeys", Map.of(client.address().toString(), wrapped)))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        return RecordId.parse((String) reservation.get("recordId"));
    }

    private static WebTestClient.ResponseSpec put(ApiClient client, RecordId id) {
        byte[] envelope = new EnvelopeEncryptor().encrypt(EnvelopeKey.fromBytes(RecordKey.generate().toBytes()), id,
                PDF);
        return client.http().put().uri("/api/v1/records/{id}/content", id.toHex())
                .contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(envelope).exchange();
    }

    /** The request's status as its status URL answers its patient now. */
    static String status(ApiClient patient, Accepted request) {
        return (String) patient.http().get().uri(request.statusUrl()).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("status");
    }

    /** Polls the request's status (bounded) until it is {@code expected}. */
    static void awaitStatus(BackendProcess backend, Accepted request, String expected) {
        ApiClient patient = backend.client(request.patient());
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        while (!expected.equals(status(patient, request))) {
            assertThat(Instant.now()).as("%s %s within 30 s", request, expected).isBefore(until);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Every accepted request ends CONFIRMED (each checked through its status URL, as its patient, bounded). */
    static void awaitAllConfirmed(BackendProcess backend, List<Accepted> accepted) {
        for (Accepted request : accepted) {
            ApiClient.awaitConfirmed(backend.client(request.patient()).http(), request.statusUrl());
        }
    }

    /** Each accepted request took effect on chain exactly once. */
    static void assertEachTookEffectOnce(FaultStack chain, List<Accepted> accepted) {
        for (Accepted request : accepted) {
            if (request.kind() == RelayKind.GRANT) {
                assertThat(chain.consentNonce(request.patient().address())).as("consent nonce of %s", request)
                        .isEqualTo(BigInteger.ONE);
            } else {
                RecordId id = request.record().orElseThrow();
                assertThat(chain.anchoredEvents(id)).as("RecordAnchored events of %s", id).isEqualTo(1);
                assertThat(chain.isAnchored(id)).as("%s anchored", id).isTrue();
            }
        }
    }

    /**
     * Each accepted request's effect in the backend's database happened once: a grant is in the relay journal once,
     * an upload's record version is ANCHORED. Read over JDBC once no backend writes.
     */
    static void assertEachStoredItsEffectOnce(Connection database, List<Accepted> accepted) throws SQLException {
        for (Accepted request : accepted) {
            if (request.kind() == RelayKind.GRANT) {
                assertThat(count(database, "SELECT COUNT(*) FROM relayed_transaction WHERE kind = 'GRANT'"
                        + " AND LOWER(account) = LOWER(?)", request.patient().address().toString()))
                        .as("relay journal rows of %s", request).isEqualTo(1);
            } else {
                assertThat(count(database, "SELECT COUNT(*) FROM record_version WHERE LOWER(record_id) = LOWER(?)"
                        + " AND status = 'ANCHORED'", request.record().orElseThrow().toHex()))
                        .as("anchored version of %s", request).isEqualTo(1);
            }
        }
    }

    private static long count(Connection database, String sql, String parameter) throws SQLException {
        try (PreparedStatement query = database.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /**
     * No nonce gap and nothing sent twice, judged on chain: the node's pool holds nothing of the relayer's, the
     * chain mined exactly one transaction of it per nonce from {@code firstNonce} on, each successful by its
     * receipt; and the outbox recorded exactly those transactions, one per nonce, each CONFIRMED with the hash the
     * chain mined.
     */
    static void assertGapFree(FaultStack chain, List<FaultStack.LedgerRow> ledger, long firstNonce) {
        long mined = chain.relayerNonce(DefaultBlockParameterName.LATEST);
        assertThat(chain.relayerNonce(DefaultBlockParameterName.PENDING)).as("pending nonce")
                .isEqualTo(mined);
        List<Long> nonces = LongStream.range(firstNonce, mined).boxed().toList();
        List<FaultStack.MinedRow> onChain = chain.minedRelayerTransactions().stream()
                .filter(row -> row.nonce() >= firstNonce).toList();
        assertThat(onChain).extracting(FaultStack.MinedRow::nonce).as("nonces mined").containsExactlyElementsOf(nonces);
        assertThat(onChain).allSatisfy(row -> assertThat(row.succeeded())
                .as("receipt status of nonce %d (%s)", row.nonce(), row.hash()).isTrue());
        assertThat(ledger).extracting(FaultStack.LedgerRow::nonce).as("nonces in the outbox")
                .containsExactlyElementsOf(nonces);
        assertThat(ledger).allSatisfy(row -> assertThat(row.status()).as("nonce %d", row.nonce())
                .isEqualTo("CONFIRMED"));
        assertThat(ledger).extracting(row -> row.minedHash().toLowerCase(Locale.ROOT)).as("hashes in the outbox")
                .containsExactlyElementsOf(onChain.stream().map(row -> row.hash().toLowerCase(Locale.ROOT)).toList());
    }
}
