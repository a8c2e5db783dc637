package io.healthkey.backend.application.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.consent.PendingCaregiverRevocation;
import io.healthkey.backend.domain.consent.PendingRevocation;
import io.healthkey.backend.domain.consent.AccessRule;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The revocations accepted by this service, on any replica, that the chain or the index may not include yet, as the
 * access checks need them (of grants, and of caregivers: {@link #forCheck}): derived from the outbox's requests in the
 * database ({@link PendingRevocationPort}), never kept only in memory, so that a restart or another replica loses none.
 *
 * <p>Checks read an in-memory copy that {@link #refresh()} replaces every {@code refresh} (a background thread calls
 * it), so that an allowed check does not wait for the database (a read costs many times the check itself:
 * benchmarks/README.md, "Event index and pending revocations"). A revocation accepted by this replica counts at once
 * ({@link #accepted}); one accepted by another, from the next refresh. A check finding the copy older than three
 * refresh intervals (before the first refresh after a start, or while refreshing fails) reads the database itself, and
 * fails if it cannot: the check then denies. With {@code refresh} zero there is no copy and every check reads the
 * database: a revocation accepted anywhere counts as soon as it is committed.
 */
public final class PendingRevocations {

    private final PendingRevocationPort outbox;
    private final Clock clock;
    private final Duration maxAge;
    private final LongSupplier minedAbove;
    /** Accepted here since the copy's read began (the read may have missed them); guarded by this. */
    private final Map<GrantKey, Instant> acceptedHere = new HashMap<>();
    /** Caregiver revocations accepted here since the copy's read began; guarded by this. */
    private final Map<PendingCaregiverRevocation, Instant> caregiversAcceptedHere = new HashMap<>();
    private volatile Copy copy;

    /**
     * @param refresh how often {@link #refresh()} is called; zero: never, each check reads the database
     * @param minedAbove the block above which mined revocations are still read: one the index may roll back
     */
    public PendingRevocations(PendingRevocationPort outbox, Clock clock, Duration refresh, LongSupplier minedAbove) {
        this.outbox = outbox;
        this.clock = clock;
        this.maxAge = refresh.multipliedBy(3);
        this.minedAbove = minedAbove;
    }

    /** What pending revocations say of a check: the revoked scopes of its slots, and the revoked caregivers. */
    public record Pending(Set<Bytes32> scopes, Set<EthAddress> caregivers) {

        public Pending {
            scopes = Set.copyOf(scopes);
            caregivers = Set.copyOf(caregivers);
        }
    }

    /** The scopes of {@code query}'s slots revoked here and missing from a view of the chain up to {@code upTo}. */
    public Mono<Set<Bytes32>> scopes(AccessQuery query, long upTo) {
        return fresh().map(found -> scopesIn(found, query, upTo));
    }

    /**
     * {@link #scopes}, with the caregivers of {@code query}'s patient whose revocation was accepted here and is missing
     * from a view of the chain up to {@code upTo}: from one read.
     */
    public Mono<Pending> forCheck(AccessQuery query, long upTo) {
        return fresh().map(found -> new Pending(scopesIn(found, query, upTo),
                found.caregiverRevocations().stream()
                        .filter(revocation -> revocation.patient().equals(query.patient())
                                && revocation.isMissingUpTo(upTo))
                        .map(PendingCaregiverRevocation::caregiver)
                        .collect(Collectors.toSet())));
    }

    private static Set<Bytes32> scopesIn(Copy found, AccessQuery query, long upTo) {
        List<Bytes32> slots = AccessRule.scopesFor(query);
        return found.of(query.patient(), query.grantee()).stream()
                .filter(revocation -> revocation.key().action() == query.action().code()
                        && slots.contains(revocation.key().scope()) && revocation.isMissingUpTo(upTo))
                .map(revocation -> revocation.key().scope())
                .collect(Collectors.toSet());
    }

    /**
     * The slots of the grants {@code caregiver} signed for {@code patient} that this service accepted (on any
     * replica) and that did not fail: what the caregiver's revocation ends, also before the index holds them. Read
     * from the database at each call.
     */
    public Flux<GrantKey> grantsSignedBy(EthAddress patient, EthAddress caregiver) {
        return outbox.grantsSignedBy(patient, caregiver);
    }

    /** {@code key}'s revocation was just accepted (committed) here: it counts from now on, before any refresh. */
    public synchronized void accepted(GrantKey key) {
        acceptedHere.put(key, clock.instant());
        if (copy != null) {
            copy = copy.with(new PendingRevocation(key, OptionalLong.empty()));
        }
    }

    /** {@code patient}'s revocation of {@code caregiver} was just accepted (committed) here, as {@link #accepted}. */
    public synchronized void acceptedCaregiverRevocation(EthAddress patient, EthAddress caregiver) {
        var revocation = new PendingCaregiverRevocation(patient, caregiver, OptionalLong.empty());
        caregiversAcceptedHere.put(revocation, clock.instant());
        if (copy != null) {
            copy = copy.withCaregiver(revocation);
        }
    }

    private Mono<Copy> fresh() {
        Copy current = copy;
        return current != null && !maxAge.isZero() && !clock.instant().isAfter(current.readAt().plus(maxAge))
                ? Mono.just(current) : load();
    }

    /** Reads the database into the copy. */
    public Mono<Void> refresh() {
        return load().then();
    }

    private Mono<Copy> load() {
        Instant started = clock.instant();
        long above = minedAbove.getAsLong();
        return outbox.accepted(above).collectList()
                .zipWith(outbox.acceptedCaregiverRevocations(above).collectList())
                .map(found -> install(found.getT1(), found.getT2(), started));
    }

    /**
     * The copy read at {@code readAt}, with what was accepted here since (a commit before {@code readAt} is in the
     * read); it replaces the current copy unless a read that began later already did.
     */
    private synchronized Copy install(List<PendingRevocation> found, List<PendingCaregiverRevocation> caregivers,
            Instant readAt) {
        List<PendingRevocation> all = new ArrayList<>(found);
        acceptedHere.forEach((key, at) -> {
            if (!at.isBefore(readAt)) {
                all.add(new PendingRevocation(key, OptionalLong.empty()));
            }
        });
        List<PendingCaregiverRevocation> allCaregivers = new ArrayList<>(caregivers);
        caregiversAcceptedHere.forEach((revocation, at) -> {
            if (!at.isBefore(readAt)) {
                allCaregivers.add(revocation);
            }
        });
        Copy next = Copy.of(all, allCaregivers, readAt);
        if (copy == null || !readAt.isBefore(copy.readAt())) {
            copy = next;
            acceptedHere.values().removeIf(at -> at.isBefore(readAt));
            caregiversAcceptedHere.values().removeIf(at -> at.isBefore(readAt));
        }
        return next;
    }

    /** Pending revocations by patient and grantee, and of caregivers, as read at {@code readAt}. */
    record Copy(Map<List<EthAddress>, List<PendingRevocation>> byPair,
            List<PendingCaregiverRevocation> caregiverRevocations, Instant readAt) {

        static Copy of(List<PendingRevocation> revocations, List<PendingCaregiverRevocation> caregiverRevocations,
                Instant readAt) {
            Map<List<EthAddress>, List<PendingRevocation>> byPair = new HashMap<>();
            revocations.forEach(r -> byPair.computeIfAbsent(pair(r.key()), p -> new ArrayList<>()).add(r));
            return new Copy(byPair, List.copyOf(caregiverRevocations), readAt);
        }

        Copy withCaregiver(PendingCaregiverRevocation revocation) {
            List<PendingCaregiverRevocation> next = new ArrayList<>(caregiverRevocations);
            next.add(revocation);
            return new Copy(byPair, List.copyOf(next), readAt);
        }

        List<PendingRevocation> of(EthAddress patient, EthAddress grantee) {
            return byPair.getOrDefault(List.of(patient, grantee), List.of());
        }

        Copy with(PendingRevocation revocation) {
            Map<List<EthAddress>, List<PendingRevocation>> next = new HashMap<>(byPair);
            List<PendingRevocation> forPair = new ArrayList<>(of(revocation.key().patient(), revocation.key().grantee()));
            forPair.add(revocation);
            next.put(pair(revocation.key()), forPair);
            return new Copy(next, caregiverRevocations, readAt);
        }

        private static List<EthAddress> pair(GrantKey key) {
            return List.of(key.patient(), key.grantee());
        }
    }
}
