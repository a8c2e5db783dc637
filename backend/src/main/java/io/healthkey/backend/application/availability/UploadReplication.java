package io.healthkey.backend.application.availability;

import java.time.Duration;
import java.util.concurrent.Semaphore;

import io.healthkey.backend.application.record.ReplicationPort;
import io.healthkey.protocol.content.Cid;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link ReplicationPort} over the remote locations: asks each to copy a new upload from the primary, in the
 * background. At most {@code maxInFlight} uploads are being copied at once, each copy bounded by {@code timeout}; an
 * upload that finds no free slot is not queued (memory stays bounded): the availability audit finds it missing at
 * the remotes, as it would after a restart, and copies it then.
 */
public final class UploadReplication implements ReplicationPort {

    private final ReplicaLocations locations;
    private final Semaphore slots;
    private final Duration timeout;

    public UploadReplication(ReplicaLocations locations, int maxInFlight, Duration timeout) {
        this.locations = locations;
        this.slots = new Semaphore(maxInFlight);
        this.timeout = timeout;
    }

    @Override
    public void replicate(Cid cid) {
        if (locations.remotes().isEmpty() || !slots.tryAcquire()) {
            return;
        }
        Flux.fromIterable(locations.remotes())
                .flatMap(remote -> remote.copyFrom(cid, locations.primary()).timeout(timeout)
                        .onErrorResume(failure -> Mono.empty()))
                .doFinally(signal -> slots.release())
                .subscribe();
    }
}
