package io.healthkey.backend.application.availability;

import java.nio.ByteBuffer;

import io.healthkey.protocol.content.Cid;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A place that holds copies of record ciphertexts: the primary content store (Kubo, or whatever store
 * {@code ContentStorePort} is configured with), or a remote pinning service. Guarantees, for every implementation:
 * <ul>
 *   <li>no method fails for an outage: {@link #pinState} and {@link #checkContent} answer
 *       {@link PinState#UNREACHABLE} / {@link ContentCheck#UNREACHABLE} instead, each within the location's own
 *       timeout;</li>
 *   <li>{@link #read} emits only bytes whose blocks matched their CID; a copy that does not match fails the stream
 *       before its bytes go out;</li>
 *   <li>{@link #copyFrom} never trusts the source: what it stores is addressed by {@code cid}, and a store that computes
 *       another CID from the bytes fails.</li>
 * </ul>
 * A new kind of location (an IPFS Cluster, say) plugs in by implementing this port and being listed in
 * {@link ReplicaLocations}.
 */
public interface ReplicaLocationPort {

    /** A short stable name: the {@code location} tag of the metrics and the key of the stored audit state. */
    String name();

    /** Whether {@code cid} is pinned here, and how far. */
    Mono<PinState> pinState(Cid cid);

    /** Fetches every block of {@code cid} from here and checks each against its hash. */
    Mono<ContentCheck> checkContent(Cid cid);

    /** The content of {@code cid} as held here, verified block by block (a source for repairing another location). */
    Flux<ByteBuffer> read(Cid cid);

    /**
     * Makes this location hold {@code cid} again: the primary store adds the bytes {@code healthy} serves (verified by
     * CID); a pinning service is asked to pin {@code cid} again, fetching it from this service's own node. Completes
     * once the location accepted the copy (a service may still be pinning).
     */
    Mono<Void> copyFrom(Cid cid, ReplicaLocationPort healthy);
}
