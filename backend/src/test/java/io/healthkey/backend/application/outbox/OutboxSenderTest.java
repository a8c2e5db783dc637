package io.healthkey.backend.application.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.ChainRequestStatus;
import io.healthkey.backend.domain.chain.GrantIntent;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.SendStep;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;

/**
 * One round of the sender against in-memory ports and a node that accepts everything: the order of its steps (every
 * nonce stored before anything is broadcast), where the node is called from, the lease, and a crash between the
 * commit and the broadcast.
 */
class OutboxSenderTest {

    private static final Instant NOW = Instant.parse("2026-12-06T20:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final OutboxPolicy POLICY = new OutboxPolicy(8, 1, Duration.ofSeconds(30), Duration.ofSeconds(10),
            Duration.ofMillis(200), 20);

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final FakeRelayerAccount chain = new FakeRelayerAccount(events);
    private final Scheduler senderThread = Schedulers.newSingle("outbox-sender-test");
    private final Scheduler databaseThread = Schedulers.newSingle("database-test");
    private final InMemoryOutbox store = new InMemoryOutbox(events, databaseThread);

    @AfterEach
    void stopThreads() {
        senderThread.dispose();
        databaseThread.dispose();
    }

    @Test
    void signsEveryNonceAndStoresThemAllBeforeBroadcastingAny() {
        List<String> ids = accept(3);

        Boolean busy = sender(CrashPointPort.NONE).tick().block();

        assertThat(busy).isTrue();
        assertThat(events).containsExactly(
                "mined nonce", "pending nonce",           // take-over: the first nonce from the node
                "receipts 0", "latest block",             // nothing open to follow
                "fees", "sign 0", "sign 1", "sign 2",     // fresh acceptance estimates: no simulation
                "record nonces 0,1,2",
                "broadcast 3");
        assertThat(store.noncesOf(ids)).containsExactly(Optional.of(0L), Optional.of(1L), Optional.of(2L));
        assertThat(store.nextNonce).isEqualTo(3);
    }

    @Test
    void callsTheNodeOnlyOnTheSendersSchedulerThoughTheDatabaseAnswersOnItsOwnThread() {
        accept(2);

        sender(CrashPointPort.NONE).tick().block();

        assertThat(chain.threads).isNotEmpty().allMatch(thread -> thread.startsWith("outbox-sender-test"));
    }

    @Test
    void standsByWhileAnotherReplicaHoldsTheLease() {
        accept(1);
        store.leaseFree = false;
        OutboxSender sender = sender(CrashPointPort.NONE);

        assertThat(sender.tick().block()).isFalse();

        assertThat(sender.isHolding()).isFalse();
        assertThat(events).isEmpty();
    }

    @Test
    void broadcastsNothingWhenTheNoncesCouldNotBeStoredUnderTheLease() {
        List<String> ids = accept(2);
        store.leaseLostBeforeRecording = true;
        OutboxSender sender = sender(CrashPointPort.NONE);

        assertThat(sender.tick().block()).isFalse();

        assertThat(events).contains("sign 1").noneMatch(event -> event.startsWith("broadcast"));
        assertThat(sender.isHolding()).as("stands by until the next renewal takes over again").isFalse();
        assertThat(store.nextNonce).isZero();
        assertThat(ids).allMatch(id -> store.requests.get(id).status() == ChainRequestStatus.ACCEPTED);
    }

    @Test
    void aSenderTakingOverAfterACrashBetweenCommitAndBroadcastSendsTheStoredTransactionsAsSigned() {
        List<String> ids = accept(2);
        CrashPointPort haltAfterCommit = step -> {
            if (step == SendStep.AFTER_COMMIT) {
                throw new IllegalStateException("halted at " + step);
            }
        };

        assertThatThrownBy(() -> sender(haltAfterCommit).tick().block()).hasMessageContaining("AFTER_COMMIT");
        assertThat(events).endsWith("record nonces 0,1");
        events.clear();
        sender(CrashPointPort.NONE).tick().block();

        assertThat(events).containsSubsequence("broadcast " + FakeRelayerAccount.hashOf(0),
                "broadcast " + FakeRelayerAccount.hashOf(1));
        assertThat(events).noneMatch(event -> event.startsWith("sign"));
        assertThat(store.noncesOf(ids)).containsExactly(Optional.of(0L), Optional.of(1L));
    }

    private OutboxSender sender(CrashPointPort crashPoints) {
        return new OutboxSender(chain, SignedMessagePort.NONE, store.requestPort, store, store, store, Map.of(), calls -> {
            throw new AssertionError("no anchors here");
        }, POLICY, OutboxMetricsPort.NONE, CLOCK, "sender-test", crashPoints, senderThread);
    }

    private static GrantIntent grantTo(EthAddress grantee) {
        return new GrantIntent(grantee, Scope.all(), Action.READ, Purpose.ofCode(1), NOW.plusSeconds(3_600),
                Optional.empty(), List.of());
    }

    /** Accepted grants from as many accounts, estimated at acceptance just now: the sender signs them as they are. */
    private List<String> accept(int count) {
        return IntStream.range(0, count).mapToObj(i -> {
            EthAddress account = EthAddress.parse(String.format("0x%040x", i + 1));
            ChainRequest request = ChainRequest.accepted("request-" + i, RelayKind.GRANT, account, account, "grant",
                    new ChainCall(account, "0x01"), grantTo(account), NOW.plusMillis(i)).estimated(BigInteger.valueOf(60_000));
            store.requests.put(request.id(), request);
            return request.id();
        }).toList();
    }
}
