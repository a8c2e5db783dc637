package io.healthkey.backend.support.fakes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.healthkey.backend.application.availability.AuditedVersion;
import io.healthkey.backend.application.availability.AvailabilityStorePort;
import io.healthkey.backend.application.availability.VersionAvailability;
import io.healthkey.protocol.RecordId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link AvailabilityStorePort} in memory: the anchored versions are added by the test, in anchoring order. */
public final class InMemoryAvailabilityStore implements AvailabilityStorePort {

    private final List<AuditedVersion> anchored = new ArrayList<>();
    private final Map<RecordId, VersionAvailability> results = new LinkedHashMap<>();
    /** Every saved result, in order. */
    public final List<VersionAvailability> saved = new ArrayList<>();

    public void anchored(AuditedVersion version) {
        anchored.add(version);
    }

    public Optional<VersionAvailability> result(RecordId id) {
        return Optional.ofNullable(results.get(id));
    }

    @Override
    public synchronized Flux<AuditedVersion> due(Instant auditedBefore, int limit) {
        Comparator<AuditedVersion> neverFirst = Comparator.comparing(
                version -> result(version.id()).map(VersionAvailability::checkedAt).orElse(Instant.MIN));
        return Flux.fromIterable(anchored.stream()
                .filter(version -> result(version.id()).map(r -> r.checkedAt().isBefore(auditedBefore)).orElse(true))
                .sorted(neverFirst)
                .limit(limit)
                .toList());
    }

    @Override
    public synchronized Mono<Void> save(VersionAvailability result) {
        results.put(result.id(), result);
        saved.add(result);
        return Mono.empty();
    }

    @Override
    public synchronized Flux<VersionAvailability> find(Collection<RecordId> ids) {
        return Flux.fromIterable(ids.stream().map(results::get).filter(r -> r != null).toList());
    }

    @Override
    public synchronized Flux<VersionAvailability> unavailable(int limit) {
        return Flux.fromIterable(results.values().stream().filter(r -> !r.available()).limit(limit).toList());
    }
}
