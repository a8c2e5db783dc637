package io.healthkey.backend.adapter.outbound.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.r2dbc.spi.ConnectionFactories;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.Fees;
import io.healthkey.backend.domain.chain.GrantIntent;
import io.healthkey.backend.domain.chain.Intent;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.OutboxTransaction;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.RevocationIntent;
import io.healthkey.backend.domain.chain.SubjectOnlyIntent;
import io.healthkey.backend.domain.chain.TransactionAttempt;
import io.healthkey.backend.domain.consent.PendingRevocation;
import io.healthkey.backend.domain.consent.RelayedConsent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;

/** A patient's consent requests and pending revocations, read from the outbox's tables (H2, migrated). */
class ConsentRequestAdapterTest {

    private static final Instant T0 = Instant.parse("2026-11-26T04:00:00Z");
    private static final EthAddress RELAYER = EthAddress.parse("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    private static final EthAddress CONSENT = EthAddress.parse("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512");
    private static final EthAddress PATIENT = EthAddress.parse("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
    private static final EthAddress OTHER_PATIENT = EthAddress.parse("0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc");
    private static final EthAddress DOCTOR = EthAddress.parse("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65");
    private static final EthAddress CLINIC = EthAddress.parse("0x976ea74026e726554db657fa54763abd0c3a0aa9");
    private static final Fees FEES = new Fees(BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(1_000_000_000L));

    private final String name = OutboxStore.newDatabaseName();
    private final OutboxStore store = OutboxStore.open(name);
    private final DatabaseClient database = DatabaseClient.create(
            ConnectionFactories.get("r2dbc:h2:mem://sa@/" + name + "?DB_CLOSE_DELAY=-1"));
    private final ConsentRequestAdapter adapter = new ConsentRequestAdapter(database);

    @Test
    void aPatientsConsentRequestsComeWithEveryHashTheyWereSentAsAndWithoutFailedOnes() {
        ChainRequest accepted = save(request("grant", RelayKind.GRANT, PATIENT, CLINIC));
        ChainRequest replaced = sendTwice(save(request("revoke-1", RelayKind.REVOCATION, PATIENT, DOCTOR)));
        save(request("revoke-2", RelayKind.REVOCATION, PATIENT, DOCTOR).sent("tx", T0).failed("CONSENT-0007", "", T0));
        save(request("anchor", RelayKind.ANCHOR, PATIENT, CLINIC));
        save(request("theirs", RelayKind.GRANT, OTHER_PATIENT, DOCTOR));

        var found = adapter.ofPatient(PATIENT).collectList().block();

        assertThat(found).extracting(relayed -> relayed.request().id())
                .containsExactlyInAnyOrder(accepted.id(), replaced.id());
        assertThat(found).filteredOn(relayed -> relayed.request().id().equals(replaced.id()))
                .flatExtracting(RelayedConsent::transactionHashes).containsExactlyInAnyOrder(hash(1), hash(2));
        assertThat(found).filteredOn(relayed -> relayed.request().id().equals(accepted.id()))
                .flatExtracting(RelayedConsent::transactionHashes).isEmpty();
    }

    @Test
    void revocationsAreReadUntilFinalAndWhileMinedAboveTheGivenBlock() {
        GrantKey doctorReadsAll = new GrantKey(PATIENT, DOCTOR, Bytes32.ZERO, 1);
        sendTwice(save(request("sent", RelayKind.REVOCATION, PATIENT, DOCTOR)));
        save(request("accepted", RelayKind.REVOCATION, OTHER_PATIENT, CLINIC));
        save(request("mined", RelayKind.REVOCATION, PATIENT, DOCTOR).sent("tx", T0)
                .mined(new MinedTransaction(hash(7), 20, 40_000), T0).confirmed(T0));
        save(request("failed", RelayKind.REVOCATION, PATIENT, DOCTOR).sent("tx", T0).failed("CONSENT-0007", "", T0));
        save(request("grant", RelayKind.GRANT, PATIENT, DOCTOR));
        storedBeforeV4("before-v4", RelayKind.REVOCATION, DOCTOR); // no terms stored: left out

        assertThat(adapter.accepted(19).collectList().block()).containsExactlyInAnyOrder(
                new PendingRevocation(doctorReadsAll, OptionalLong.empty()),
                new PendingRevocation(new GrantKey(OTHER_PATIENT, CLINIC, Bytes32.ZERO, 1), OptionalLong.empty()),
                new PendingRevocation(doctorReadsAll, OptionalLong.of(20)));
        assertThat(adapter.accepted(20).collectList().block()).extracting(PendingRevocation::minedIn)
                .containsOnly(OptionalLong.empty()).hasSize(2);
    }

    @Test
    void consentRequestsStoredAsKeyValueLinesOrWithoutTermsStillRead() {
        storedAsLines("revoked-before-nonces", RelayKind.REVOCATION, DOCTOR, """
                action=1
                grantee=%s
                scope=%s
                """.formatted(DOCTOR, Bytes32.ZERO.toHex()));
        storedAsLines("granted-with-nonce", RelayKind.GRANT, CLINIC, """
                action=1
                expiresAt=2000000000
                grantee=%s
                keys=
                nonce=4
                purpose=3
                scope=%s
                """.formatted(CLINIC, Bytes32.ZERO.toHex()));
        storedBeforeV4("granted-before-v4", RelayKind.GRANT, CLINIC);

        assertThat(adapter.accepted(0).collectList().block()).containsExactly(
                new PendingRevocation(new GrantKey(PATIENT, DOCTOR, Bytes32.ZERO, 1), OptionalLong.empty()));
        assertThat(adapter.ofPatient(PATIENT).collectList().block())
                .extracting(relayed -> relayed.request().id(), relayed -> relayed.request().intent())
                .containsExactlyInAnyOrder(
                        tuple("revoked-before-nonces", new RevocationIntent(DOCTOR, Scope.all(), Action.READ,
                                Optional.empty())),
                        tuple("granted-with-nonce", new GrantIntent(CLINIC, Scope.all(), Action.READ,
                                Purpose.CAREMGT, Instant.ofEpochSecond(2_000_000_000L),
                                Optional.of(BigInteger.valueOf(4)), List.of())),
                        tuple("granted-before-v4", SubjectOnlyIntent.INSTANCE));
    }

    /** A row as the outbox wrote it before intents were JSON: its terms as {@code key=value} lines. */
    private void storedAsLines(String id, RelayKind kind, EthAddress grantee, String payload) {
        database.sql("""
                        INSERT INTO chain_request (id, kind, account, patient, subject, status, accepted_at,
                            updated_at, target, calldata, payload)
                        VALUES (:id, :kind, :patient, :patient, :subject, 'ACCEPTED', :at, :at, :target, '0xabcd',
                            :payload)""")
                .bind("id", id).bind("kind", kind.name()).bind("patient", PATIENT.toString())
                .bind("subject", grantee.toString()).bind("at", Timestamps.utc(T0))
                .bind("target", CONSENT.toString()).bind("payload", payload)
                .then().block();
    }

    /** A row as it was stored before migration V4: no call, no payload. */
    private void storedBeforeV4(String id, RelayKind kind, EthAddress grantee) {
        database.sql("""
                        INSERT INTO chain_request (id, kind, account, patient, subject, status, accepted_at,
                            updated_at)
                        VALUES (:id, :kind, :patient, :patient, :subject, 'ACCEPTED', :at, :at)""")
                .bind("id", id).bind("kind", kind.name()).bind("patient", PATIENT.toString())
                .bind("subject", grantee.toString()).bind("at", Timestamps.utc(T0))
                .then().block();
    }

    private ChainRequest save(ChainRequest request) {
        store.requests().save(request).block();
        return request;
    }

    /** Signs the request into a relayer transaction, then replaces that with higher fees: two hashes. */
    private ChainRequest sendTwice(ChainRequest request) {
        store.transactions().setNextNonce(RELAYER, 0).block();
        store.lease().acquire(RELAYER, "a", T0, Duration.ofMinutes(1)).block();
        OutboxTransaction signed = OutboxTransaction.signed("tx-" + request.id(), RELAYER, 0,
                request.call().orElseThrow(), BigInteger.valueOf(120_000), attempt(1, FEES));
        ChainRequest sent = request.sent(signed.id(), T0);
        store.transactions().recordSigned(signed, List.of(sent), "a", T0).block();
        store.transactions().appendAttempt(signed.replacedBy(attempt(2, FEES.bumped()))).block();
        return sent;
    }

    private static TransactionAttempt attempt(int n, Fees fees) {
        return new TransactionAttempt(hash(n), "0x02f8" + n, fees, false, T0);
    }

    private static ChainRequest request(String id, RelayKind kind, EthAddress patient, EthAddress grantee) {
        Intent intent = switch (kind) {
            case GRANT -> new GrantIntent(grantee, Scope.all(), Action.READ, Purpose.TREAT,
                    Instant.ofEpochSecond(2_000_000_000L), Optional.of(BigInteger.ONE), List.of());
            case REVOCATION -> new RevocationIntent(grantee, Scope.all(), Action.READ, Optional.of(BigInteger.ONE));
            default -> SubjectOnlyIntent.INSTANCE;
        };
        return ChainRequest.accepted(id, kind, patient, patient, grantee.toString(), new ChainCall(CONSENT, "0xabcd"),
                intent, T0);
    }

    private static String hash(int n) {
        return "0x" + String.format("%064x", n);
    }
}
