package io.healthkey.backend.application.record;

import io.healthkey.backend.domain.record.ReadEntry;
import reactor.core.publisher.Mono;

/**
 * Where every attempt to read a record goes, allowed or denied: the patient's view of who looked at what. How an
 * attempt is kept (one row, or counted into an aggregate of denied reads) is the audit's decision.
 */
public interface ReadLogPort {

    Mono<Void> append(ReadEntry entry);
}
