package io.healthkey.backend.support.fakes;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.healthkey.backend.application.record.UploadPart;
import io.healthkey.backend.application.record.UploadPartsPort;
import io.healthkey.protocol.RecordId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The parts table in a map, keyed by record and number; abandoned parts are judged by {@code records}. */
public final class InMemoryUploadParts implements UploadPartsPort {

    private record Key(RecordId record, int number) {
    }

    private final Map<Key, UploadPart> parts = new ConcurrentHashMap<>();
    private final InMemoryRecords records;

    public InMemoryUploadParts(InMemoryRecords records) {
        this.records = records;
    }

    public List<UploadPart> all() {
        return parts.values().stream().sorted(Comparator.comparing((UploadPart p) -> p.record().toHex())
                .thenComparingInt(UploadPart::number)).toList();
    }

    @Override
    public Mono<Boolean> add(UploadPart part) {
        return Mono.fromCallable(() -> parts.putIfAbsent(new Key(part.record(), part.number()), part) == null);
    }

    @Override
    public Flux<UploadPart> partsOf(RecordId record) {
        return Flux.defer(() -> Flux.fromIterable(all().stream().filter(p -> p.record().equals(record)).toList()));
    }

    @Override
    public Flux<UploadPart> abandoned(Instant now) {
        return Flux.defer(() -> Flux.fromIterable(all().stream()
                .filter(p -> records.version(p.record()).filter(v -> v.awaitsUploadAt(now)).isEmpty()).toList()));
    }

    @Override
    public Mono<Void> remove(UploadPart part) {
        return Mono.fromRunnable(() -> parts.remove(new Key(part.record(), part.number())));
    }
}
