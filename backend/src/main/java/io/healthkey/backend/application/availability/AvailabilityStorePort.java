package io.healthkey.backend.application.availability;

import java.time.Instant;
import java.util.Collection;

import io.healthkey.protocol.RecordId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The anchored versions to audit and what their last audit found, kept across restarts so that the audit period
 * holds: a version audited just before a restart is not audited again right after it.
 */
public interface AvailabilityStorePort {

    /**
     * Up to {@code limit} anchored versions (from the event index) whose ciphertext this service stored and that no
     * anchored version supersedes, never audited or last audited before {@code auditedBefore}: never audited first,
     * then the longest unaudited.
     */
    Flux<AuditedVersion> due(Instant auditedBefore, int limit);

    /** Replaces the stored result of the version's audit. */
    Mono<Void> save(VersionAvailability result);

    /** The stored results of those of {@code ids} audited at least once. */
    Flux<VersionAvailability> find(Collection<RecordId> ids);

    /** The versions whose last audit found them nowhere. */
    Flux<VersionAvailability> unavailable(int limit);
}
