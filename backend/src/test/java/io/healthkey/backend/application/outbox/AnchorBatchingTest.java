package io.healthkey.backend.application.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.SubjectOnlyIntent;
import io.healthkey.backend.support.Patients;
import io.healthkey.protocol.EthAddress;

class AnchorBatchingTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMillis(200);
    private static final EthAddress BATCHER = Patients.newAddress();

    private final AnchorBatching batching = new AnchorBatching(
            new OutboxPolicy(16, 1, Duration.ofSeconds(30), Duration.ofSeconds(10), WINDOW, 3),
            calls -> new ChainCall(BATCHER, String.format("0x%02x", calls.size())));

    @Test
    void sendsOneRequestPerAccountAtATime() {
        EthAddress patient = Patients.newAddress();
        ChainRequest first = request(RelayKind.GRANT, patient, T0);
        ChainRequest second = request(RelayKind.REVOCATION, patient, T0);
        ChainRequest other = request(RelayKind.GRANT, Patients.newAddress(), T0);

        assertThat(batching.units(List.of(first, second, other), T0, Set.of())).containsExactly(List.of(first),
                List.of(other));
    }

    @Test
    void holdsAnAccountsNextRequestWhileItsPreviousIsSentAndNotMined() {
        EthAddress patient = Patients.newAddress();
        ChainRequest queued = request(RelayKind.GRANT, patient, T0);
        ChainRequest anchor = request(RelayKind.ANCHOR, patient, T0);
        ChainRequest other = request(RelayKind.GRANT, Patients.newAddress(), T0);

        assertThat(batching.units(List.of(queued, other, anchor), T0.plus(WINDOW), Set.of(patient)))
                .containsExactly(List.of(other), List.of(anchor));
    }

    @Test
    void holdsAnchorsUntilTheOldestWaitedTheWindowOrABatchIsFull() {
        List<ChainRequest> two = List.of(anchor(T0), anchor(T0.plusMillis(50)));

        assertThat(batching.units(two, T0.plusMillis(100), Set.of())).isEmpty();
        assertThat(batching.units(two, T0.plus(WINDOW), Set.of())).containsExactly(two);
        List<ChainRequest> four = new ArrayList<>(two);
        four.add(anchor(T0.plusMillis(60)));
        four.add(anchor(T0.plusMillis(70)));
        assertThat(batching.units(four, T0.plusMillis(100), Set.of())).containsExactly(four.subList(0, 3));
    }

    @Test
    void aUnitOfOneKeepsItsOwnCallAndSeveralAnchorsShareTheBatchCall() {
        ChainRequest one = anchor(T0);

        assertThat(batching.callOf(List.of(one))).isEqualTo(one.call().orElseThrow());
        assertThat(batching.callOf(List.of(one, anchor(T0), anchor(T0)))).isEqualTo(new ChainCall(BATCHER, "0x03"));
    }

    private static ChainRequest anchor(Instant acceptedAt) {
        return request(RelayKind.ANCHOR, Patients.newAddress(), acceptedAt);
    }

    private static ChainRequest request(RelayKind kind, EthAddress account, Instant acceptedAt) {
        return ChainRequest.accepted(UUID.randomUUID().toString(), kind, account, account, "subject",
                new ChainCall(Patients.newAddress(), "0x01"), SubjectOnlyIntent.INSTANCE, acceptedAt);
    }
}
