package io.healthkey.backend.domain.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Scope;

class ChainRequestTest {

    private static final Instant T0 = Instant.parse("2026-11-26T03:00:00Z");
    private static final EthAddress PATIENT = EthAddress.parse("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    private static final MinedTransaction MINED = new MinedTransaction("0x" + "ab".repeat(32), 12, 50_000);

    private static ChainRequest accepted() {
        return ChainRequest.accepted("id-1", RelayKind.GRANT, PATIENT, PATIENT, PATIENT.toString(),
                new ChainCall(PATIENT, "0x1234"), SubjectOnlyIntent.INSTANCE, T0);
    }

    @Test
    void followsTheHappyPathToConfirmed() {
        ChainRequest confirmed = accepted().sent("tx-1", T0.plusSeconds(1)).mined(MINED, T0.plusSeconds(2))
                .confirmed(T0.plusSeconds(3));

        assertThat(confirmed.status()).isEqualTo(ChainRequestStatus.CONFIRMED);
        assertThat(confirmed.outboxTransaction()).contains("tx-1");
        assertThat(confirmed.transaction()).contains(MINED);
        assertThat(confirmed.acceptedAt()).isEqualTo(T0);
        assertThat(confirmed.updatedAt()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void refusesToSkipOrLeaveFinalStates() {
        assertThatThrownBy(() -> accepted().mined(MINED, T0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> accepted().confirmed(T0)).isInstanceOf(IllegalStateException.class);
        ChainRequest failed = accepted().failed("CONSENT-0001", "bad signature", T0);
        assertThatThrownBy(() -> failed.sent("tx", T0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> failed.failed("X", "again", T0)).isInstanceOf(IllegalStateException.class);
        ChainRequest confirmed = accepted().sent("tx", T0).mined(MINED, T0).confirmed(T0);
        assertThatThrownBy(() -> confirmed.unmined(T0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> confirmed.failed("X", "late", T0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRequestWhoseSignedMessageLandedElsewhereIsConfirmedWithThatTransactionFromAnyStatusNotFinal() {
        MinedTransaction competitor = new MinedTransaction("0x" + "cd".repeat(32), 9, 52_000);

        assertThat(accepted().landedIn(competitor, T0).transaction()).contains(competitor);
        assertThat(accepted().sent("tx", T0).landedIn(competitor, T0).status())
                .isEqualTo(ChainRequestStatus.CONFIRMED);
        ChainRequest reverted = accepted().sent("tx", T0).mined(MINED, T0);
        assertThat(reverted.landedIn(competitor, T0).transaction()).contains(competitor);
        assertThatThrownBy(() -> reverted.failed("X", "failed", T0).landedIn(competitor, T0))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMinedRequestFailsOnlyOnceItsRevertIsDeepEnoughAndAReorganisationSendsItAgain() {
        ChainRequest mined = accepted().sent("tx", T0).mined(MINED, T0);

        assertThat(mined.failed("CONSENT-0003", "reverted", T0).status()).isEqualTo(ChainRequestStatus.FAILED);
        ChainRequest unmined = mined.unmined(T0.plusSeconds(5));
        assertThat(unmined.status()).isEqualTo(ChainRequestStatus.SENT);
        assertThat(unmined.transaction()).isEmpty();
        assertThat(unmined.outboxTransaction()).contains("tx");
    }

    @Test
    void aRequeuedRequestForgetsItsTransaction() {
        ChainRequest requeued = accepted().sent("tx", T0).requeued(T0);

        assertThat(requeued.status()).isEqualTo(ChainRequestStatus.ACCEPTED);
        assertThat(requeued.outboxTransaction()).isEmpty();
        assertThatThrownBy(() -> requeued.requeued(T0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void failureKeepsItsCodeAndDetail() {
        ChainRequest failed = accepted().sent("tx", T0).failed("CHAIN-0004", "refused", T0);

        assertThat(failed.failureCode()).contains("CHAIN-0004");
        assertThat(failed.failureDetail()).contains("refused");
        assertThat(failed.status().isFinal()).isTrue();
    }

    @Test
    void refusesAnIntentOfAnotherKind() {
        RevocationIntent revocation = new RevocationIntent(EthAddress.parse("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65"),
                Scope.all(), Action.READ, Optional.empty());
        ChainCall call = new ChainCall(PATIENT, "0x1234");

        assertThatThrownBy(() -> ChainRequest.accepted("id-2", RelayKind.GRANT, PATIENT, PATIENT, "subject", call,
                revocation, T0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GRANT");
        assertThatThrownBy(() -> ChainRequest.accepted("id-3", RelayKind.AUDIT_ROOT, PATIENT, PATIENT, "1", call,
                SubjectOnlyIntent.INSTANCE, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ChainRequest.accepted("id-4", RelayKind.REVOCATION, PATIENT, PATIENT, "subject", call,
                revocation, T0).intent()).isEqualTo(revocation);
    }
}
