package io.healthkey.backend.support.fakes;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import io.healthkey.backend.application.record.RecordRepositoryPort;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordStatus;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The records table and the readers' keys in maps, with the adapter's rules: one version per serial of a patient,
 * a reservation stored only while its serial is free, {@code markStored} only while still reserved.
 */
public final class InMemoryRecords implements RecordRepositoryPort, Snapshots {

    /** While on, every call fails: a database that stopped answering. */
    public final Outage outage = new Outage();
    /** Fails the writes only, while reads still answer: a database that refuses a commit. */
    public final Outage writes = new Outage();
    private Map<RecordId, RecordVersion> versions = new LinkedHashMap<>();
    private Map<RecordId, Map<EthAddress, ReaderKey>> keys = new HashMap<>();
    private int reservationsToLose;

    /** Stores {@code version} with {@code readers}' keys as they would be after earlier requests. */
    public void add(RecordVersion version, ReaderKey... readers) {
        versions.put(version.id(), version);
        for (ReaderKey key : readers) {
            keys.computeIfAbsent(version.id(), id -> new LinkedHashMap<>()).put(key.reader(), key);
        }
    }

    /**
     * The next {@code count} reservations each lose their serial to a concurrent one, which is stored in their
     * place: the next attempt finds that serial taken.
     */
    public void loseNextReservations(int count) {
        reservationsToLose = count;
    }

    public Optional<RecordVersion> version(RecordId id) {
        return Optional.ofNullable(versions.get(id));
    }

    public List<RecordVersion> versions() {
        return List.copyOf(versions.values());
    }

    public Map<EthAddress, ReaderKey> keys(RecordId id) {
        return Map.copyOf(keys.getOrDefault(id, Map.of()));
    }

    @Override
    public Mono<Boolean> reserve(RecordVersion reservation, List<ReaderKey> readers) {
        return write(() -> Mono.fromSupplier(() -> {
            if (serialTaken(reservation.id())) {
                return false;
            }
            if (reservationsToLose > 0) {
                reservationsToLose--;
                versions.put(reservation.id(), reservation);
                return false;
            }
            add(reservation, readers.toArray(ReaderKey[]::new));
            return true;
        }));
    }

    @Override
    public Mono<Boolean> restore(RecordVersion recovered) {
        return write(() -> Mono.fromSupplier(() -> {
            if (serialTaken(recovered.id())) {
                return false;
            }
            add(recovered);
            return true;
        }));
    }

    private boolean serialTaken(RecordId id) {
        return versions.keySet().stream()
                .anyMatch(stored -> stored.patient().equals(id.patient()) && stored.serial().equals(id.serial()));
    }

    @Override
    public Mono<BigInteger> highestSerial(EthAddress patient) {
        return outage.guard(() -> Mono.just(versions.keySet().stream().filter(id -> id.patient().equals(patient))
                .map(RecordId::serial).max(Comparator.naturalOrder()).orElse(BigInteger.ZERO)));
    }

    @Override
    public Mono<RecordVersion> find(RecordId id) {
        return outage.guard(() -> Mono.justOrEmpty(versions.get(id)));
    }

    @Override
    public Flux<RecordVersion> forPatient(EthAddress patient) {
        return outage.guardMany(() -> Flux.fromIterable(versions.values().stream()
                .filter(version -> version.patient().equals(patient))
                .sorted(Comparator.comparing((RecordVersion version) -> version.id().serial()).reversed())
                .toList()));
    }

    @Override
    public Mono<Boolean> markStored(RecordId id, Cid cid, long size, String chainRequest) {
        return write(() -> Mono.fromSupplier(() -> {
            RecordVersion version = versions.get(id);
            if (version == null || version.status() != RecordStatus.RESERVED) {
                return false;
            }
            versions.put(id, new RecordVersion(id, version.author(), version.origin(), RecordStatus.ANCHORING,
                    version.mediaType(), version.supersedes(), Optional.of(cid), size, Optional.of(chainRequest),
                    version.supersededBy(), version.rekeyRequired(), version.createdAt(), version.expiresAt()));
            return true;
        }));
    }

    @Override
    public Mono<Void> updateStatus(RecordId id, RecordStatus status) {
        return change(id, version -> new RecordVersion(id, version.author(), version.origin(), status,
                version.mediaType(), version.supersedes(), version.cid(), version.size(), version.chainRequest(),
                version.supersededBy(), version.rekeyRequired(), version.createdAt(), version.expiresAt()));
    }

    @Override
    public Mono<Void> markSuperseded(RecordId previous, RecordId by) {
        return change(previous, version -> new RecordVersion(previous, version.author(), version.origin(),
                version.status(), version.mediaType(), version.supersedes(), version.cid(), version.size(),
                version.chainRequest(), Optional.of(by), version.rekeyRequired(), version.createdAt(),
                version.expiresAt()));
    }

    @Override
    public Mono<Void> markRekeyRequired(RecordId id) {
        return change(id, version -> new RecordVersion(id, version.author(), version.origin(), version.status(),
                version.mediaType(), version.supersedes(), version.cid(), version.size(), version.chainRequest(),
                version.supersededBy(), true, version.createdAt(), version.expiresAt()));
    }

    private Mono<Void> change(RecordId id, UnaryOperator<RecordVersion> change) {
        return write(() -> Mono.fromRunnable(() -> versions.computeIfPresent(id, (key, v) -> change.apply(v))));
    }

    @Override
    public Flux<RecordVersion> anchoring() {
        return outage.guardMany(() -> Flux.fromIterable(versions.values().stream()
                .filter(version -> version.status() == RecordStatus.ANCHORING).toList()));
    }

    @Override
    public Mono<Void> saveKeys(RecordId id, List<ReaderKey> readers) {
        return write(() -> Mono.fromRunnable(() -> readers.forEach(key ->
                keys.computeIfAbsent(id, stored -> new LinkedHashMap<>()).put(key.reader(), key))));
    }

    @Override
    public Mono<ReaderKey> keyFor(RecordId id, EthAddress reader) {
        return outage.guard(() -> Mono.justOrEmpty(keys.getOrDefault(id, Map.of()).get(reader)));
    }

    @Override
    public Flux<ReaderKey> keysOf(RecordId id) {
        return outage.guardMany(() -> Flux.fromIterable(List.copyOf(keys.getOrDefault(id, Map.of()).values())));
    }

    @Override
    public Mono<Void> deleteKey(RecordId id, EthAddress reader) {
        return write(() -> Mono.fromRunnable(() -> keys.getOrDefault(id, new HashMap<>()).remove(reader)));
    }

    private <T> Mono<T> write(Supplier<Mono<T>> call) {
        return outage.guard(() -> writes.guard(call));
    }

    @Override
    public Runnable snapshot() {
        Map<RecordId, RecordVersion> versionsThen = new LinkedHashMap<>(versions);
        Map<RecordId, Map<EthAddress, ReaderKey>> keysThen = new HashMap<>();
        keys.forEach((id, readers) -> keysThen.put(id, new LinkedHashMap<>(readers)));
        return () -> {
            versions = versionsThen;
            keys = keysThen;
        };
    }
}
