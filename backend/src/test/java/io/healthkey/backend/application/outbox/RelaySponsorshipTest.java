package io.healthkey.backend.application.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.chain.CaregiverIntent;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.SubjectOnlyIntent;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.error.RetryAfter;
import io.healthkey.backend.support.MutableClock;
import io.healthkey.backend.support.fakes.InMemoryChainRequests;
import io.healthkey.backend.support.fakes.InMemorySponsoredRelays;
import io.healthkey.backend.support.fakes.InMemoryTransactions;
import io.healthkey.backend.support.fakes.SimulatingRelayer;
import io.healthkey.protocol.CaregiverPowers;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Scope;

/**
 * The relayer pays for a budget of requests per account and window, counted when the outbox accepts them: the
 * window, its reset, accounts counted apart, and a refused request storing nothing.
 */
class RelaySponsorshipTest {

    private static final EthAddress PATIENT = EthAddress.parse("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    private static final EthAddress OTHER = EthAddress.parse("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
    private static final EthAddress CLINIC = EthAddress.parse("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
    private static final ChainCall CALL = new ChainCall(
            EthAddress.parse("0x5fbdb2315678afecb367f032d93f642f64180aa3"), "0x01");
    /** 10:00 UTC: the day's window started 10 hours ago and ends in 14. */
    private static final Instant MORNING = Instant.parse("2026-12-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(MORNING);
    private final InMemoryChainRequests requests = new InMemoryChainRequests();
    private final InMemoryTransactions database = new InMemoryTransactions(requests);
    private final List<String> storedAlongside = new ArrayList<>();
    private final OutboxAcceptor outbox = new OutboxAcceptor(new SimulatingRelayer(), requests, database, clock,
            () -> { }, new RelaySponsorship(new SponsorshipPolicy(3, Duration.ofDays(1), Map.of(CLINIC, 5)),
                    new InMemorySponsoredRelays(requests), clock));

    @Test
    void acceptsTheBudgetThenRefusesUntilTheWindowEndsWithTheWaitInSeconds() {
        accept(RelayKind.GRANT, PATIENT);
        accept(RelayKind.KEY_PUBLICATION, PATIENT);
        clock.now = MORNING.plus(Duration.ofHours(13));
        accept(RelayKind.ANCHOR, PATIENT);

        DomainException refused = refuse(RelayKind.GRANT, PATIENT);

        assertThat(refused.errorCode()).isEqualTo(ErrorCode.LIMIT_SPONSORSHIP_EXHAUSTED);
        assertThat(RetryAfter.seconds(refused)).contains(Duration.ofHours(1).toSeconds());
        assertThat(refused.getMessage()).contains("typed data is still served").contains("own wallet");
    }

    @Test
    void theCountStartsAgainWhenTheNextWindowBegins() {
        for (int i = 0; i < 3; i++) {
            accept(RelayKind.GRANT, PATIENT);
        }
        clock.now = Instant.parse("2026-12-01T23:59:59Z");
        assertThat(RetryAfter.seconds(refuse(RelayKind.GRANT, PATIENT))).contains(1L);

        clock.now = Instant.parse("2026-12-02T00:00:00Z");

        accept(RelayKind.GRANT, PATIENT);
        assertThat(requests.all()).hasSize(4);
    }

    @Test
    void eachAccountHasItsOwnCountAndItsOwnBudget() {
        for (int i = 0; i < 3; i++) {
            accept(RelayKind.ANCHOR, PATIENT);
        }
        refuse(RelayKind.ANCHOR, PATIENT);

        accept(RelayKind.ANCHOR, OTHER);
        for (int i = 0; i < 5; i++) {
            accept(RelayKind.ANCHOR, CLINIC);
        }
        assertThat(refuse(RelayKind.ANCHOR, CLINIC).errorCode()).isEqualTo(ErrorCode.LIMIT_SPONSORSHIP_EXHAUSTED);
    }

    @Test
    void aRefusedRequestStoresNothingNorWhatWouldHaveBeenStoredWithIt() {
        for (int i = 0; i < 3; i++) {
            accept(RelayKind.GRANT, PATIENT);
        }
        int committedBefore = database.committed;

        refuse(RelayKind.GRANT, PATIENT);

        assertThat(requests.all()).hasSize(3);
        assertThat(storedAlongside).hasSize(3);
        assertThat(database.committed).isEqualTo(committedBefore);
    }

    @Test
    void revocationsAndReceiptRootsAreNeitherRefusedNorCounted() {
        for (int i = 0; i < 3; i++) {
            accept(RelayKind.GRANT, PATIENT);
        }

        accept(RelayKind.REVOCATION, PATIENT);
        assertThat(outbox.requireSponsorship(PATIENT, RelayKind.AUDIT_ROOT).block()).isNull();
        clock.now = MORNING.plus(Duration.ofDays(1));
        accept(RelayKind.REVOCATION, PATIENT);

        accept(RelayKind.GRANT, PATIENT);
        accept(RelayKind.GRANT, PATIENT);
        accept(RelayKind.GRANT, PATIENT);
        refuse(RelayKind.GRANT, PATIENT);
    }

    @Test
    void anAppointmentIsPaidForLikeAGrantAndACaregiverRevocationIsNeverRefused() {
        for (int i = 0; i < 3; i++) {
            accept(RelayKind.GRANT, PATIENT);
        }
        var appointment = new CaregiverIntent.Appointment(OTHER, List.of(Scope.all()), new CaregiverPowers(1),
                MORNING.plus(Duration.ofDays(30)), BigInteger.ZERO);

        int before = requests.all().size();
        assertThatThrownBy(() -> outbox.accept(outbox.newRequest(RelayKind.CAREGIVER_APPOINTMENT, PATIENT, PATIENT,
                OTHER.toString(), CALL, appointment), alongside()).block())
                .satisfies(failure -> assertThat(RelaySponsorship.isExhausted(failure)).isTrue());
        assertThat(requests.all()).hasSize(before);
        outbox.accept(outbox.newRequest(RelayKind.CAREGIVER_REVOCATION, PATIENT, PATIENT, OTHER.toString(), CALL,
                new CaregiverIntent.Revocation(OTHER, BigInteger.ZERO)), alongside()).block();
        assertThat(requests.all()).hasSize(before + 1);
    }

    @Test
    void anUploadCanAskBeforeItsContentIsStored() {
        for (int i = 0; i < 3; i++) {
            accept(RelayKind.KEY_PUBLICATION, PATIENT);
        }

        assertThatThrownBy(() -> outbox.requireSponsorship(PATIENT, RelayKind.ANCHOR).block())
                .satisfies(failure -> assertThat(RelaySponsorship.isExhausted(failure)).isTrue());
        assertThat(outbox.requireSponsorship(OTHER, RelayKind.ANCHOR).block()).isNull();
        assertThat(outbox.requireSponsorship(PATIENT, RelayKind.REVOCATION).block()).isNull();
    }

    private void accept(RelayKind kind, EthAddress account) {
        outbox.accept(request(kind, account), alongside()).block();
    }

    private DomainException refuse(RelayKind kind, EthAddress account) {
        int before = requests.all().size();
        Throwable failure = catchThrowable(
                () -> outbox.accept(request(kind, account), alongside()).block());
        assertThat(failure).isInstanceOf(DomainException.class);
        assertThat(requests.all()).hasSize(before);
        return (DomainException) failure;
    }

    private ChainRequest request(RelayKind kind, EthAddress account) {
        return outbox.newRequest(kind, account, account, account.toString(), CALL, SubjectOnlyIntent.INSTANCE);
    }

    private Mono<Void> alongside() {
        return Mono.fromRunnable(() -> storedAlongside.add("keys"));
    }

}
