package io.healthkey.backend.adapter.outbound.ipfs;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.content.Cid;
import reactor.core.publisher.Mono;

/**
 * One block from whichever of several Kubo nodes gives the right bytes. Each peer is asked in turn, starting with the
 * one that answered last; a block whose hash is not its CID is dropped (counted in {@code wrongBlocks}) and the next
 * peer asked, as after an unreachable peer or a missing block. Bytes leave here only once they match their CID.
 * If no peer gives it: {@code CONTENT-0003} if some peer gave wrong bytes, else {@code CONTENT-0004} if every peer
 * said it has no such block, else the first other failure (an unreachable peer: {@code CONTENT-0001}).
 */
final class PeerBlockSource {

    private static final Logger LOG = LoggerFactory.getLogger(PeerBlockSource.class);

    /** A peer's Kubo and where it is (for logs and metrics; no secret in it). */
    record Peer(URI url, KuboRpcClient kubo) {
    }

    /** Told of every wrong block, with the peer that answered it. */
    interface WrongBlocks {
        void seen(URI peer);
    }

    private final List<Peer> peers;
    private final WrongBlocks wrongBlocks;
    private final AtomicInteger preferred = new AtomicInteger();

    PeerBlockSource(List<Peer> peers, WrongBlocks wrongBlocks) {
        this.peers = List.copyOf(peers);
        this.wrongBlocks = Objects.requireNonNull(wrongBlocks);
        if (this.peers.isEmpty()) {
            throw new IllegalArgumentException("no peer to read blocks from");
        }
    }

    /** The bytes of {@code cid}, checked against it. */
    Mono<byte[]> block(Cid cid) {
        return Mono.defer(() -> attempt(cid, preferred.get(), 0, new Failures()));
    }

    private Mono<byte[]> attempt(Cid cid, int index, int tried, Failures failures) {
        if (tried == peers.size()) {
            return Mono.error(failures.verdict(cid));
        }
        Peer peer = peers.get(index);
        int next = (index + 1) % peers.size();
        return peer.kubo().blockGet(cid)
                .flatMap(bytes -> {
                    if (cid.matches(bytes)) {
                        preferred.set(index);
                        return Mono.just(bytes);
                    }
                    LOG.warn("IPFS peer {} answered a block that does not match {}; asking the next peer", peer.url(), cid);
                    wrongBlocks.seen(peer.url());
                    failures.wrongBytes = true;
                    return Mono.empty();
                })
                .onErrorResume(failure -> {
                    failures.note(failure);
                    return Mono.empty();
                })
                .switchIfEmpty(Mono.defer(() -> attempt(cid, next, tried + 1, failures)));
    }

    /** What the peers answered, for the error when none gave the block. */
    private static final class Failures {
        boolean wrongBytes;
        boolean allNotFound = true;
        Throwable firstOther;

        void note(Throwable failure) {
            Throwable mapped = KuboErrors.map(failure);
            if (!(mapped instanceof DomainException e && e.errorCode() == ErrorCode.CONTENT_NOT_FOUND)) {
                allNotFound = false;
                if (firstOther == null) {
                    firstOther = mapped;
                }
            }
        }

        Throwable verdict(Cid cid) {
            if (wrongBytes) {
                return new DomainException(ErrorCode.CONTENT_INTEGRITY, "no IPFS peer gave a block matching " + cid);
            }
            if (allNotFound) {
                return new DomainException(ErrorCode.CONTENT_NOT_FOUND, "no IPFS peer holds block " + cid);
            }
            return firstOther;
        }
    }
}
