package io.healthkey.backend.support.fakes;

import java.math.BigInteger;
import java.util.Comparator;
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
 * Record versions and their readers' wrapped keys in memory, with the repository's rules (a serial is reserved once,
 * only a RESERVED version is stored); {@link #failWrites} makes writes fail as a lost database would.
 */
public final class InMemoryRecords implements RecordRepositoryPort, InMemoryTransactions.Participant {

    private final Map<RecordId, RecordVersion> versions = new LinkedHashMap<>();
    private final Map<RecordId, Map<EthAddress, ReaderKey>> keys = new LinkedHashMap<>();
    /** When present, every write fails with it and stores nothing. */
    public Optional<RuntimeException> failWrites = Optional.empty();

    /** Stores {@code version} as it is, outside any use case: the test's starting state. */
    public void put(RecordVersion version, ReaderKey... readers) {
        versions.put(version.id(), version);
        for (ReaderKey reader : readers) {
            keys.computeIfAbsent(version.id(), id -> new LinkedHashMap<>()).put(reader.reader(), reader);
        }
    }

    public RecordVersion get(RecordId id) {
        return versions.get(id);
    }

    @Override
    public Mono<Boolean> reserve(RecordVersion reservation, List<ReaderKey> readers) {
        return write(() -> {
            boolean serialTaken = versions.keySet().stream().anyMatch(id -> id.patient().equals(reservation.patient())
                    && id.serial().equals(reservation.id().serial()));
            if (!serialTaken) {
                put(reservation, readers.toArray(ReaderKey[]::new));
            }
            return !serialTaken;
        });
    }

    @Override
    public Mono<BigInteger> highestSerial(EthAddress patient) {
        return Mono.fromSupplier(() -> versions.keySet().stream().filter(id -> id.patient().equals(patient))
                .map(RecordId::serial).max(Comparator.naturalOrder()).orElse(BigInteger.ZERO));
    }

    @Override
    public Mono<RecordVersion> find(RecordId id) {
        return Mono.fromSupplier(() -> versions.get(id));
    }

    @Override
    public Flux<RecordVersion> forPatient(EthAddress patient) {
        return Flux.defer(() -> Flux.fromStream(versions.values().stream()
                .filter(version -> version.patient().equals(patient))
                .sorted(Comparator.comparing(RecordVersion::createdAt).reversed())
                .toList().stream()));
    }

    @Override
    public Mono<Boolean> markStored(RecordId id, Cid cid, long size, String chainRequest) {
        return write(() -> {
            RecordVersion version = versions.get(id);
            if (version == null || version.status() != RecordStatus.RESERVED) {
                return false;
            }
            versions.put(id, new RecordVersion(id, version.author(), version.origin(), RecordStatus.ANCHORING,
                    version.mediaType(), version.supersedes(), Optional.of(cid), size, Optional.of(chainRequest),
                    version.supersededBy(), version.rekeyRequired(), version.createdAt(), version.expiresAt()));
            return true;
        });
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

    @Override
    public Flux<RecordVersion> anchoring() {
        return Flux.defer(() -> Flux.fromIterable(versions.values().stream()
                .filter(version -> version.status() == RecordStatus.ANCHORING).toList()));
    }

    @Override
    public Mono<Void> saveKeys(RecordId id, List<ReaderKey> readers) {
        return write(() -> {
            readers.forEach(reader -> keys.computeIfAbsent(id, record -> new LinkedHashMap<>())
                    .put(reader.reader(), reader));
            return true;
        }).then();
    }

    @Override
    public Mono<ReaderKey> keyFor(RecordId id, EthAddress reader) {
        return Mono.fromSupplier(() -> keys.getOrDefault(id, Map.of()).get(reader));
    }

    @Override
    public Flux<ReaderKey> keysOf(RecordId id) {
        return Flux.defer(() -> Flux.fromIterable(List.copyOf(keys.getOrDefault(id, Map.of()).values())));
    }

    @Override
    public Mono<Void> deleteKey(RecordId id, EthAddress reader) {
        return write(() -> {
            Map<EthAddress, ReaderKey> readers = keys.get(id);
            return readers != null && readers.remove(reader) != null;
        }).then();
    }

    @Override
    public Runnable snapshot() {
        Map<RecordId, RecordVersion> savedVersions = new LinkedHashMap<>(versions);
        Map<RecordId, Map<EthAddress, ReaderKey>> savedKeys = new LinkedHashMap<>();
        keys.forEach((id, readers) -> savedKeys.put(id, new LinkedHashMap<>(readers)));
        return () -> {
            versions.clear();
            versions.putAll(savedVersions);
            keys.clear();
            keys.putAll(savedKeys);
        };
    }

    private Mono<Void> change(RecordId id, UnaryOperator<RecordVersion> update) {
        return write(() -> versions.computeIfPresent(id, (key, version) -> update.apply(version)) != null).then();
    }

    private Mono<Boolean> write(Supplier<Boolean> change) {
        return Mono.defer(() -> failWrites.<Mono<Boolean>>map(Mono::error)
                .orElseGet(() -> Mono.fromSupplier(change)));
    }
}
