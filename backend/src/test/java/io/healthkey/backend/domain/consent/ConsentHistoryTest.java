package io.healthkey.backend.domain.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.GrantIntent;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.RevocationIntent;
import io.healthkey.backend.domain.chain.SubjectOnlyIntent;
import io.healthkey.backend.domain.consent.ConsentChange.Kind;
import io.healthkey.backend.domain.consent.ConsentChange.Status;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;

/** Indexed events and requests accepted here, merged into one history without duplicates or reorged leftovers. */
class ConsentHistoryTest {

    private static final EthAddress PATIENT = EthAddress.parse("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
    private static final EthAddress DOCTOR = EthAddress.parse("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65");
    private static final EthAddress CLINIC = EthAddress.parse("0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc");
    private static final EthAddress CONSENT = EthAddress.parse("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512");
    private static final GrantKey DOCTOR_READS_ALL = new GrantKey(PATIENT, DOCTOR, Bytes32.ZERO, 1);
    private static final GrantKey CLINIC_READS_ALL = new GrantKey(PATIENT, CLINIC, Bytes32.ZERO, 1);
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void indexedEventsAreMinedAtTheirBlocksTimeAndCarryTheRequestThatSentThem() {
        ChainRequest relayedGrant = grant("g", CLINIC, T0).sent("tx-1", T0);
        var events = List.of(event(DOCTOR_READS_ALL, false, 12, hash(2)), event(CLINIC_READS_ALL, false, 10, hash(1)));

        List<ConsentChange> history = ConsentHistory.of(12, events,
                List.of(new RelayedConsent(relayedGrant, Set.of(hash(9), hash(1)))));

        assertThat(history).extracting(ConsentChange::status).containsOnly(Status.MINED);
        assertThat(history).extracting(change -> change.key().grantee()).containsExactly(DOCTOR, CLINIC);
        assertThat(history.get(0).request()).as("sent by the patient's own wallet").isEmpty();
        assertThat(history.get(1).request()).as("relayed here, mined before the outbox saw its receipt")
                .contains(relayedGrant);
        assertThat(history.get(1).at()).isEqualTo(Instant.ofEpochSecond(1_000 + 10));
        assertThat(history.get(1).purpose()).isEqualTo(3);
    }

    @Test
    void requestsNotYetIndexedArePendingAboveTheChainNewestFirst() {
        ChainRequest accepted = revocation("r", DOCTOR, T0.plusSeconds(5));
        ChainRequest mined = grant("g", CLINIC, T0).sent("tx-1", T0).mined(new MinedTransaction(hash(3), 13, 50_000),
                T0.plusSeconds(1));
        var events = List.of(event(DOCTOR_READS_ALL, false, 11, hash(2)));

        List<ConsentChange> history = ConsentHistory.of(12, events,
                List.of(new RelayedConsent(mined, Set.of(hash(3))), new RelayedConsent(accepted, Set.of())));

        assertThat(history).extracting(change -> change.status() + " " + change.kind() + " " + change.key().grantee())
                .containsExactly("PENDING REVOKED " + DOCTOR, "PENDING GRANTED " + CLINIC, "MINED GRANTED " + DOCTOR);
        assertThat(history.get(0).at()).as("when it was accepted").isEqualTo(T0.plusSeconds(5));
        assertThat(history.get(0).purpose()).isZero();
        assertThat(history.get(1).event()).as("mined above the index's last block").isEmpty();
    }

    @Test
    void aRequestMinedInABlockTheIndexPassedWithoutItsEventIsLeftOut() {
        ChainRequest reorgedAway = grant("g", CLINIC, T0).sent("tx-1", T0)
                .mined(new MinedTransaction(hash(3), 11, 50_000), T0).confirmed(T0);

        assertThat(ConsentHistory.of(12, List.of(), List.of(new RelayedConsent(reorgedAway, Set.of(hash(3))))))
                .isEmpty();
    }

    @Test
    void anEventInOneOfTheRequestsTransactionsButWithOtherTermsIsNotItsOwn() {
        ChainRequest relayedGrant = grant("g", CLINIC, T0).sent("tx-1", T0);

        List<ConsentChange> history = ConsentHistory.of(12, List.of(event(DOCTOR_READS_ALL, true, 10, hash(1))),
                List.of(new RelayedConsent(relayedGrant, Set.of(hash(1)))));

        assertThat(history).extracting(ConsentChange::status).containsExactly(Status.PENDING, Status.MINED);
        assertThat(history.get(1).kind()).isEqualTo(Kind.REVOKED);
        assertThat(history.get(1).request()).isEmpty();
    }

    @Test
    void requestsAcceptedBeforeTheOutboxStoredTheirTermsAreMatchedByHashAndNeverPending() {
        ChainRequest older = ChainRequest.accepted("old", RelayKind.GRANT, PATIENT, PATIENT, CLINIC.toString(),
                new ChainCall(CONSENT, "0x"), SubjectOnlyIntent.INSTANCE, T0).sent("tx-1", T0);
        ChainRequest unindexed = ChainRequest.accepted("old-2", RelayKind.REVOCATION, PATIENT, PATIENT,
                DOCTOR.toString(), new ChainCall(CONSENT, "0x"), SubjectOnlyIntent.INSTANCE, T0);

        List<ConsentChange> history = ConsentHistory.of(12, List.of(event(CLINIC_READS_ALL, false, 10, hash(1))),
                List.of(new RelayedConsent(older, Set.of(hash(1))), new RelayedConsent(unindexed, Set.of())));

        assertThat(history).hasSize(1);
        assertThat(history.get(0).request()).contains(older);
    }

    private static ChainEvent.Consent event(GrantKey key, boolean revoked, long block, String txHash) {
        return new ChainEvent.Consent(new LogPosition(block, 0, hash(100 + (int) block), txHash, 1_000 + block),
                CONSENT, key, revoked ? 0 : 3, revoked ? 0 : 2_000_000_000L, revoked);
    }

    private static ChainRequest grant(String id, EthAddress grantee, Instant at) {
        return ChainRequest.accepted(id, RelayKind.GRANT, PATIENT, PATIENT, grantee.toString(),
                new ChainCall(CONSENT, "0x"), new GrantIntent(grantee, Scope.all(), Action.READ, Purpose.CAREMGT,
                        Instant.ofEpochSecond(2_000_000_000L), Optional.of(BigInteger.ONE), List.of()), at);
    }

    private static ChainRequest revocation(String id, EthAddress grantee, Instant at) {
        return ChainRequest.accepted(id, RelayKind.REVOCATION, PATIENT, PATIENT, grantee.toString(),
                new ChainCall(CONSENT, "0x"), new RevocationIntent(grantee, Scope.all(), Action.READ,
                        Optional.of(BigInteger.TWO)), at);
    }

    private static String hash(int n) {
        return "0x" + String.format("%064x", n);
    }
}
