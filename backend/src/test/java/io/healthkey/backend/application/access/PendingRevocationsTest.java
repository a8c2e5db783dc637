package io.healthkey.backend.application.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.consent.PendingCaregiverRevocation;
import io.healthkey.backend.domain.consent.PendingRevocation;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.support.MutableClock;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;

/** The copy of the outbox's pending revocations: when it is read again, what it holds, and what counts at once. */
class PendingRevocationsTest {

    private static final EthAddress PATIENT = EthAddress.parse("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
    private static final EthAddress GRANTEE = EthAddress.parse("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65");
    private static final AccessQuery QUERY = new AccessQuery(PATIENT, GRANTEE,
            RecordId.of(PATIENT, Category.OBSERVATION, 1), Action.READ);
    private static final GrantKey ALL_READ = new GrantKey(PATIENT, GRANTEE, Bytes32.ZERO, Action.READ.code());
    private static final Duration REFRESH = Duration.ofMillis(100);

    private static final EthAddress CAREGIVER = EthAddress.parse("0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc");
    private static final AccessQuery OF_ANOTHER_PATIENT = new AccessQuery(GRANTEE, CAREGIVER,
            RecordId.of(GRANTEE, Category.OBSERVATION, 1), Action.READ);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final List<PendingRevocation> inDatabase = new ArrayList<>();
    private final List<PendingCaregiverRevocation> caregiversInDatabase = new ArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();
    /** What the database answers for grants' revocations; a test may swap it. */
    private LongFunction<Flux<PendingRevocation>> outbox = minedAbove -> Flux.defer(() -> {
        reads.incrementAndGet();
        return Flux.fromIterable(List.copyOf(inDatabase)).filter(r -> r.isMissingUpTo(minedAbove));
    });
    private final PendingRevocationPort database = new PendingRevocationPort() {
        @Override
        public Flux<PendingRevocation> accepted(long minedAbove) {
            return outbox.apply(minedAbove);
        }

        @Override
        public Flux<PendingCaregiverRevocation> acceptedCaregiverRevocations(long minedAbove) {
            return Flux.defer(() -> Flux.fromIterable(List.copyOf(caregiversInDatabase)))
                    .filter(r -> r.isMissingUpTo(minedAbove));
        }

        @Override
        public Flux<GrantKey> grantsSignedBy(EthAddress patient, EthAddress caregiver) {
            return Flux.empty();
        }
    };
    private final PendingRevocations pending = new PendingRevocations(database, clock, REFRESH, () -> 10);

    @Test
    void checksReadTheCopyUntilItIsThreeRefreshesOldThenTheDatabase() {
        inDatabase.add(new PendingRevocation(ALL_READ, OptionalLong.empty()));
        assertThat(pending.scopes(QUERY, 10).block()).as("no copy yet: the database").containsExactly(Bytes32.ZERO);
        assertThat(reads).hasValue(1);

        inDatabase.clear(); // mined and indexed, say, on another replica
        clock.now = clock.now.plus(REFRESH.multipliedBy(3));
        assertThat(pending.scopes(QUERY, 10).block()).as("the copy").containsExactly(Bytes32.ZERO);
        assertThat(reads).hasValue(1);
        clock.now = clock.now.plus(Duration.ofMillis(1));
        assertThat(pending.scopes(QUERY, 10).block()).as("too old: the database again").isEmpty();
        assertThat(reads).hasValue(2);

        inDatabase.add(new PendingRevocation(ALL_READ, OptionalLong.empty()));
        pending.refresh().block();
        assertThat(pending.scopes(QUERY, 10).block()).as("refreshed").containsExactly(Bytes32.ZERO);
    }

    @Test
    void aMinedRevocationCountsOnlyAboveTheBlockTheAnswerIncludes() {
        inDatabase.add(new PendingRevocation(ALL_READ, OptionalLong.of(12)));
        assertThat(pending.scopes(QUERY, 11).block()).containsExactly(Bytes32.ZERO);
        assertThat(pending.scopes(QUERY, 12).block()).isEmpty();
        assertThat(pending.scopes(QUERY, Long.MAX_VALUE).block()).as("the chain's latest block").isEmpty();
    }

    @Test
    void onlyTheQuerysSlotsActionAndPairCount() {
        inDatabase.add(new PendingRevocation(new GrantKey(PATIENT, GRANTEE, Bytes32.ZERO, Action.WRITE.code()),
                OptionalLong.empty()));
        inDatabase.add(new PendingRevocation(new GrantKey(PATIENT, GRANTEE,
                RecordId.of(PATIENT, Category.OBSERVATION, 2).toBytes32(), 1), OptionalLong.empty()));
        inDatabase.add(new PendingRevocation(new GrantKey(GRANTEE, PATIENT, Bytes32.ZERO, 1), OptionalLong.empty()));
        Bytes32 category = Bytes32.fromUint256(java.math.BigInteger.valueOf(Category.OBSERVATION.code()));
        inDatabase.add(new PendingRevocation(new GrantKey(PATIENT, GRANTEE, category, 1), OptionalLong.empty()));
        assertThat(pending.scopes(QUERY, 10).block()).containsExactly(category);
    }

    @Test
    void aRevocationAcceptedHereCountsAtOnceEvenWhileAnOlderReadIsUnderWay() {
        pending.refresh().block(); // an empty copy
        Sinks.One<List<PendingRevocation>> slowRead = Sinks.one();
        outbox = minedAbove -> slowRead.asMono().flatMapMany(Flux::fromIterable);
        var refreshing = pending.refresh().toFuture(); // began before the acceptance: it cannot see it

        clock.now = clock.now.plus(Duration.ofMillis(5));
        pending.accepted(ALL_READ);
        assertThat(pending.scopes(QUERY, 10).block()).as("at once").containsExactly(Bytes32.ZERO);

        slowRead.tryEmitValue(List.of());
        refreshing.join();
        assertThat(pending.scopes(QUERY, 10).block()).as("after the read that missed it").containsExactly(Bytes32.ZERO);
    }

    @Test
    void withoutACopyADatabaseThatCannotAnswerFailsTheLookup() {
        outbox = minedAbove -> Flux.error(new IllegalStateException("database down"));
        assertThatThrownBy(() -> pending.scopes(QUERY, 10).block()).hasMessageContaining("database down");
    }

    @Test
    void aCaregiverRevocationInTheDatabaseCountsForItsPatientOnlyUntilMinedAndSurvivesARestart() {
        caregiversInDatabase.add(new PendingCaregiverRevocation(PATIENT, CAREGIVER, OptionalLong.empty()));
        assertThat(pending.forCheck(QUERY, 10).block())
                .isEqualTo(new PendingRevocations.Pending(Set.of(), Set.of(CAREGIVER)));
        assertThat(caregivers(pending, OF_ANOTHER_PATIENT, 10)).as("another patient").isEmpty();

        var afterRestart = new PendingRevocations(database, clock, REFRESH, () -> 10);
        assertThat(caregivers(afterRestart, QUERY, Long.MAX_VALUE)).as("read from the database")
                .containsExactly(CAREGIVER);

        caregiversInDatabase.set(0, new PendingCaregiverRevocation(PATIENT, CAREGIVER, OptionalLong.of(12)));
        afterRestart.refresh().block();
        assertThat(caregivers(afterRestart, QUERY, 11)).as("mined above the answer").containsExactly(CAREGIVER);
        assertThat(caregivers(afterRestart, QUERY, Long.MAX_VALUE)).as("the chain's latest block holds it").isEmpty();
    }

    @Test
    void aCaregiverRevocationAcceptedHereCountsAtOnceAndAfterTheNextRefresh() {
        pending.refresh().block(); // an empty copy
        pending.acceptedCaregiverRevocation(PATIENT, CAREGIVER);
        assertThat(caregivers(pending, QUERY, 10)).as("at once").containsExactly(CAREGIVER);
        clock.now = clock.now.plus(Duration.ofMillis(1));
        caregiversInDatabase.add(new PendingCaregiverRevocation(PATIENT, CAREGIVER, OptionalLong.empty()));
        pending.refresh().block();
        assertThat(caregivers(pending, QUERY, 10)).as("committed, read back").containsExactly(CAREGIVER);
    }

    private static Set<EthAddress> caregivers(PendingRevocations revocations, AccessQuery query, long upTo) {
        return revocations.forCheck(query, upTo).block().caregivers();
    }
}
