package io.healthkey.backend.application.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.ChainRequestStatus;
import io.healthkey.backend.domain.chain.GrantIntent;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.OutboxTransactionStatus;
import io.healthkey.backend.domain.chain.Receipt;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;

/**
 * The sender with a grant whose signed message a front-runner may send first: the relayer's own transaction reverts
 * (or would), and the request ends as the chain says the message did, with the grant's effects to match.
 */
class SignedRequestOutcomeTest {

    private static final Instant NOW = Instant.parse("2026-12-06T20:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final OutboxPolicy POLICY = new OutboxPolicy(8, 1, Duration.ofSeconds(30), Duration.ofSeconds(10),
            Duration.ofMillis(200), 20);
    private static final EthAddress PATIENT = EthAddress.parse("0x00000000000000000000000000000000000000a1");
    private static final ChainCall GRANT_CALL = new ChainCall(
            EthAddress.parse("0x00000000000000000000000000000000000000c1"), "0x01");
    private static final MinedTransaction COMPETITOR = new MinedTransaction("0x" + "cd".repeat(32), 5, 52_000);

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final FakeRelayerAccount chain = new FakeRelayerAccount(events);
    private final FakeSignedMessages messages = new FakeSignedMessages();
    private final Scheduler senderThread = Schedulers.newSingle("outbox-sender-test");
    private final Scheduler databaseThread = Schedulers.newSingle("database-test");
    private final InMemoryOutbox store = new InMemoryOutbox(events, databaseThread);
    private final List<String> effects = new CopyOnWriteArrayList<>();
    private final SignedMessage grant = messages.carry(GRANT_CALL, PATIENT, 0, NOW.plusSeconds(3_600));
    private final OutboxSender sender = new OutboxSender(chain, messages, store.requestPort, store, store, store,
            Map.of(RelayKind.GRANT, recordingEffects()), calls -> {
                throw new AssertionError("no anchors here");
            }, POLICY, OutboxMetricsPort.NONE, CLOCK, "sender-test", CrashPointPort.NONE, senderThread);

    @AfterEach
    void stopThreads() {
        senderThread.dispose();
        databaseThread.dispose();
    }

    @Test
    void aGrantWhoseOwnTransactionRevertedIsConfirmedWithTheTransactionThatSentItsMessageFirst() {
        String id = acceptGrant(NOW);
        sender.tick().block();
        messages.used(grant, new NonceUse.ByThisMessage(COMPETITOR));
        mineOwnTransactionAsARevert(5);

        sender.tick().block();

        ChainRequest request = store.requests.get(id);
        assertThat(request.status()).isEqualTo(ChainRequestStatus.CONFIRMED);
        assertThat(request.transaction()).contains(COMPETITOR);
        assertThat(effects).containsExactly("confirmed " + id);
    }

    @Test
    void aGrantWhoseNonceAnotherMessageUsedFailsWithOutbox0001AndOnlyThenUndoesItsKeys() {
        String id = acceptGrant(NOW);
        sender.tick().block();
        messages.used(grant, new NonceUse.ByAnother(5, "another message"));
        mineOwnTransactionAsARevert(5);

        sender.tick().block();

        assertThat(store.requests.get(id).failureCode()).contains("OUTBOX-0001");
        assertThat(effects).containsExactly("failed " + id);
    }

    @Test
    void aRevertedGrantWhoseMessageMayStillLandStaysMinedWithNoEffectAndIsJudgedAgainNextRound() {
        String id = acceptGrant(NOW);
        sender.tick().block();
        mineOwnTransactionAsARevert(5);

        sender.tick().block();

        assertThat(store.requests.get(id).status()).isEqualTo(ChainRequestStatus.MINED);
        assertThat(store.transactions.values()).extracting(transaction -> transaction.status())
                .containsExactly(OutboxTransactionStatus.MINED);
        assertThat(effects).isEmpty();

        chain.head = 6;
        messages.used(grant, new NonceUse.ByThisMessage(new MinedTransaction(COMPETITOR.transactionHash(), 6, 1)));
        sender.tick().block();

        assertThat(store.requests.get(id).status()).isEqualTo(ChainRequestStatus.CONFIRMED);
        assertThat(effects).containsExactly("confirmed " + id);
    }

    @Test
    void aGrantThatWouldRevertBeforeItIsSentIsConfirmedWithoutSendingWhenItsMessageLandedElsewhere() {
        String id = acceptGrant(NOW.minusSeconds(60));
        chain.reverts = Optional.of(new DomainException(ErrorCode.CONSENT_NONCE_MISMATCH, "nonce used"));
        chain.head = 5;
        messages.used(grant, new NonceUse.ByThisMessage(COMPETITOR));

        sender.tick().block();

        assertThat(store.requests.get(id).status()).isEqualTo(ChainRequestStatus.CONFIRMED);
        assertThat(store.requests.get(id).transaction()).contains(COMPETITOR);
        assertThat(events).noneMatch(event -> event.startsWith("sign"));
        assertThat(effects).containsExactly("confirmed " + id);
    }

    @Test
    void aGrantThatWouldRevertAndMayStillLandWaitsAcceptedWithoutTakingANonce() {
        String id = acceptGrant(NOW.minusSeconds(60));
        chain.reverts = Optional.of(new DomainException(ErrorCode.CONSENT_NONCE_MISMATCH, "nonce ahead"));

        sender.tick().block();

        assertThat(store.requests.get(id).status()).isEqualTo(ChainRequestStatus.ACCEPTED);
        assertThat(events).noneMatch(event -> event.startsWith("sign"));
        assertThat(effects).isEmpty();
    }

    @Test
    void anUnsignedCallThatRevertsStillFailsWithTheDecodedError() {
        ChainRequest anchorLike = ChainRequest.accepted("plain", RelayKind.GRANT, PATIENT, PATIENT, "grantee",
                new ChainCall(GRANT_CALL.target(), "0x02"), grantIntent(), NOW.minusSeconds(60));
        store.requests.put(anchorLike.id(), anchorLike);
        chain.reverts = Optional.of(new DomainException(ErrorCode.CONSENT_EXPIRY_IN_PAST, "expired"));

        sender.tick().block();

        assertThat(store.requests.get("plain").failureCode()).contains("CONSENT-0008");
        assertThat(effects).containsExactly("failed plain");
    }

    private String acceptGrant(Instant acceptedAt) {
        ChainRequest request = ChainRequest.accepted("grant-0", RelayKind.GRANT, PATIENT, PATIENT, "grantee",
                GRANT_CALL, grantIntent(), acceptedAt).estimated(BigInteger.valueOf(60_000));
        store.requests.put(request.id(), request);
        return request.id();
    }

    /** The relayer's transaction (nonce 0) mined in {@code block} as a revert: the nonce was used before it ran. */
    private void mineOwnTransactionAsARevert(long block) {
        chain.head = block;
        chain.reverts = Optional.of(new DomainException(ErrorCode.CONSENT_NONCE_MISMATCH, "nonce used"));
        String hash = FakeRelayerAccount.hashOf(0);
        chain.mined.put(hash, new Receipt(new MinedTransaction(hash, block, 30_000), false));
    }

    private static GrantIntent grantIntent() {
        return new GrantIntent(EthAddress.parse("0x00000000000000000000000000000000000000d1"), Scope.all(),
                Action.READ, Purpose.ofCode(1), NOW.plusSeconds(86_400), Optional.of(BigInteger.ZERO), List.of());
    }

    private ChainRequestEffects recordingEffects() {
        return new ChainRequestEffects() {
            @Override
            public Mono<Void> onConfirmed(ChainRequest request) {
                return Mono.fromRunnable(() -> effects.add("confirmed " + request.id()));
            }

            @Override
            public Mono<Void> onFailed(ChainRequest request) {
                return Mono.fromRunnable(() -> effects.add("failed " + request.id()));
            }
        };
    }
}
