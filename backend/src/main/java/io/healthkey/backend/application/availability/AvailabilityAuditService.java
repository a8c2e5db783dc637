package io.healthkey.backend.application.availability;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link AvailabilityAuditUseCase}: each pass takes the versions that are due (never audited, or not within the
 * period), asks every location whether it holds each, samples its blocks there by hash, and copies a version back to
 * every location that answered it lacks it, from a location that holds a checked copy. A location that does not
 * answer is counted unreachable, never missing, and nothing is copied to it.
 *
 * <p>Load: at most {@link AuditSettings#versionsPerPass()} versions a pass, at most
 * {@link AuditSettings#concurrentChecks()} calls to locations outstanding at once (a version's locations are asked one
 * after the other), each call bounded by {@link AuditSettings#callTimeout()}.
 */
public final class AvailabilityAuditService implements AvailabilityAuditUseCase {

    private final ReplicaLocations locations;
    private final AvailabilityStorePort store;
    private final AvailabilityMetricsPort metrics;
    private final AuditSettings settings;
    private final Clock clock;

    public AvailabilityAuditService(ReplicaLocations locations, AvailabilityStorePort store,
            AvailabilityMetricsPort metrics, AuditSettings settings, Clock clock) {
        this.locations = locations;
        this.store = store;
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public Mono<AuditPass> runPass() {
        return Mono.defer(() -> store.due(clock.instant().minus(settings.period()), settings.versionsPerPass())
                .flatMap(this::audit, settings.concurrentChecks())
                .concatMap(audited -> store.save(audited.result()).thenReturn(audited))
                .reduce(new AuditPass(0, 0, 0), (pass, audited) -> new AuditPass(pass.audited() + 1,
                        pass.unavailable() + (audited.result().available() ? 0 : 1),
                        pass.repaired() + audited.repaired())));
    }

    @Override
    public Mono<Map<RecordId, VersionAvailability>> availability(Collection<RecordId> ids) {
        return ids.isEmpty() ? Mono.just(Map.of())
                : store.find(ids).collectMap(VersionAvailability::id, Function.identity());
    }

    @Override
    public Mono<List<VersionAvailability>> unavailable(int limit) {
        return store.unavailable(limit).collectList();
    }

    private record Audited(VersionAvailability result, int repaired) {
    }

    private Mono<Audited> audit(AuditedVersion version) {
        return Flux.fromIterable(locations.all())
                .concatMap(location -> observe(location, version.cid()).map(state -> Map.entry(location, state)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new)
                .flatMap(observed -> repair(version.cid(), observed))
                .map(after -> new Audited(new VersionAvailability(version.id(), version.cid(), clock.instant(),
                        after.states()), after.repaired()));
    }

    /** The location's state, {@link PinState#PINNED} only when its sampled blocks matched too. */
    private Mono<PinState> observe(ReplicaLocationPort location, Cid cid) {
        return bounded(location.pinState(cid))
                .flatMap(state -> state != PinState.PINNED ? Mono.just(state)
                        : bounded(location.checkContent(cid).map(AvailabilityAuditService::asPinState)))
                .doOnNext(state -> {
                    metrics.checked(location.name());
                    if (state.needsRepair()) {
                        metrics.missing(location.name());
                    }
                });
    }

    private static PinState asPinState(ContentCheck check) {
        return switch (check) {
            case INTACT, NOT_CHECKED -> PinState.PINNED;
            case MISSING -> PinState.MISSING;
            case UNREACHABLE -> PinState.UNREACHABLE;
        };
    }

    private record Repaired(Map<String, PinState> states, int repaired) {
    }

    private Mono<Repaired> repair(Cid cid, Map<ReplicaLocationPort, PinState> observed) {
        List<ReplicaLocationPort> healthy = observed.entrySet().stream().filter(e -> e.getValue().holdsCopy())
                .map(Map.Entry::getKey).toList();
        return Flux.fromIterable(observed.entrySet())
                .concatMap(entry -> entry.getValue().needsRepair() && !healthy.isEmpty()
                        ? copyTo(entry.getKey(), cid, healthy).map(state -> Map.entry(entry.getKey(), state))
                        : Mono.just(entry))
                .collectList()
                .map(after -> {
                    Map<String, PinState> states = after.stream().collect(Collectors.toMap(
                            entry -> entry.getKey().name(), Map.Entry::getValue, (a, b) -> b, LinkedHashMap::new));
                    int repaired = (int) after.stream().filter(entry -> observed.get(entry.getKey()).needsRepair()
                            && !entry.getValue().needsRepair()).count();
                    return new Repaired(states, repaired);
                });
    }

    /**
     * Copies {@code cid} to {@code target} from the first healthy location that serves it, and answers the target's
     * state afterwards (a service may still be pinning); {@link PinState#MISSING} when no copy could be made.
     */
    private Mono<PinState> copyTo(ReplicaLocationPort target, Cid cid, List<ReplicaLocationPort> healthy) {
        return Flux.fromIterable(healthy)
                .concatMap(source -> target.copyFrom(cid, source).timeout(settings.repairTimeout())
                        .thenReturn(true).onErrorReturn(false), 1)
                .any(copied -> copied)
                .flatMap(copied -> copied ? bounded(target.pinState(cid)) : Mono.just(PinState.MISSING))
                .doOnNext(state -> {
                    if (!state.needsRepair()) {
                        metrics.repaired(target.name());
                    }
                });
    }

    /** The location's answer within the call timeout; {@link PinState#UNREACHABLE} when it fails or is late. */
    private Mono<PinState> bounded(Mono<PinState> call) {
        return call.timeout(settings.callTimeout())
                .onErrorReturn(PinState.UNREACHABLE)
                .defaultIfEmpty(PinState.UNREACHABLE);
    }
}
