package io.healthkey.backend.application.availability;

import java.util.Collection;
import java.util.Map;

import io.healthkey.protocol.RecordId;
import reactor.core.publisher.Mono;

/** What the last availability audit found for given versions: for the patient's audit view. */
@FunctionalInterface
public interface AvailabilityViewUseCase {

    /** The last audit's result of each of {@code ids} that was audited (the others are absent). */
    Mono<Map<RecordId, VersionAvailability>> availability(Collection<RecordId> ids);
}
