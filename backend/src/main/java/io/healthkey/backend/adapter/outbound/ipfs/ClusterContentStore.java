package io.healthkey.backend.adapter.outbound.ipfs;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;

import io.healthkey.backend.application.record.ContentStorePort;
import io.healthkey.backend.domain.content.StoredContent;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.content.Cid;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The content store on an IPFS Cluster: replicated, so that losing one node's disk loses nothing.
 * <ul>
 *   <li>Uploads stream to the cluster's {@code /add} with the configured replication while the CID is computed here
 *       ({@link LocallyHashedUpload}; same CIDs as the Kubo store), and are answered only once at least
 *       {@code replication-min} peers report the content pinned; otherwise {@code CONTENT-0007}.</li>
 *   <li>Reads walk the DAG block by block ({@link VerifiedDagReader}); each block comes from whichever peer's Kubo
 *       gives the right bytes ({@link PeerBlockSource}): a peer that is down, lacks the block, or answers wrong bytes
 *       is passed over, and no wrong byte is emitted.</li>
 *   <li>Pins go through the cluster, which places them on {@code replication-min..max} peers and re-pins elsewhere
 *       when a peer is lost; {@link #isPinned} means pinned on at least {@code replication-min} peers.</li>
 * </ul>
 */
public final class ClusterContentStore implements ContentStorePort {

    private final ClusterRestClient cluster;
    private final VerifiedDagReader reader;
    private final int replicationMin;
    private final Duration replicationTimeout;
    private final Duration pollInterval;

    ClusterContentStore(ClusterRestClient cluster, PeerBlockSource blocks, int replicationMin,
            Duration replicationTimeout, Duration pollInterval) {
        this.cluster = Objects.requireNonNull(cluster);
        this.reader = new VerifiedDagReader(blocks::block);
        this.replicationMin = replicationMin;
        this.replicationTimeout = Objects.requireNonNull(replicationTimeout);
        this.pollInterval = Objects.requireNonNull(pollInterval);
    }

    @Override
    public Mono<StoredContent> put(Publisher<DataBuffer> content) {
        return LocallyHashedUpload.store(content, cluster::add)
                .flatMap(stored -> replicated(stored.cid()).thenReturn(stored));
    }

    @Override
    public Flux<ByteBuffer> get(Cid cid) {
        return reader.content(cid);
    }

    @Override
    public Mono<Void> pin(Cid cid) {
        return cluster.pin(cid);
    }

    @Override
    public Mono<Void> unpin(Cid cid) {
        return cluster.unpin(cid);
    }

    @Override
    public Mono<Boolean> isPinned(Cid cid) {
        return cluster.status(cid)
                .map(status -> status.pinned() >= replicationMin)
                .onErrorResume(ClusterRestClient::isUnknownPin, e -> Mono.just(false));
    }

    /** Completes once {@code replicationMin} peers report {@code cid} pinned; {@code CONTENT-0007} after the timeout. */
    private Mono<Void> replicated(Cid cid) {
        return Mono.defer(() -> cluster.status(cid))
                .onErrorResume(ClusterRestClient::isUnknownPin, e -> Mono.just(new ClusterRestClient.PinStatus(0, 0)))
                .filter(status -> status.pinned() >= replicationMin)
                .repeatWhenEmpty(Integer.MAX_VALUE, polls -> polls.delayElements(pollInterval))
                .timeout(replicationTimeout, Mono.error(() -> new DomainException(ErrorCode.CONTENT_REPLICATION_NOT_REACHED,
                        "content " + cid + " was not pinned on " + replicationMin + " IPFS Cluster peers within "
                                + replicationTimeout.toSeconds() + "s")))
                .then();
    }
}
