package io.healthkey.backend.adapter.outbound.ipfs;

import java.nio.ByteBuffer;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import io.healthkey.backend.application.availability.ContentCheck;
import io.healthkey.backend.application.availability.PinState;
import io.healthkey.backend.application.availability.ReplicaLocationPort;
import io.healthkey.backend.application.record.ContentStorePort;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.content.Cid;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The primary content store as a replica location, whatever store it is (Kubo, the embedded store, a cluster): pinned
 * is its recursive pin, the sampled check reads the whole DAG through the store's verified read, and a repair adds
 * the bytes a healthy location serves, failing with {@code CONTENT-0003} unless they give the anchored CID.
 */
public final class ContentStoreLocation implements ReplicaLocationPort {

    private final String name;
    private final ContentStorePort store;

    public ContentStoreLocation(String name, ContentStorePort store) {
        this.name = name;
        this.store = store;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Mono<PinState> pinState(Cid cid) {
        return store.isPinned(cid).map(pinned -> pinned ? PinState.PINNED : PinState.MISSING)
                .onErrorReturn(PinState.UNREACHABLE);
    }

    @Override
    public Mono<ContentCheck> checkContent(Cid cid) {
        return store.get(cid).then(Mono.just(ContentCheck.INTACT))
                .onErrorResume(failure -> Mono.just(ContentCheck.ofFailure(failure)));
    }

    @Override
    public Flux<ByteBuffer> read(Cid cid) {
        return store.get(cid);
    }

    @Override
    public Mono<Void> copyFrom(Cid cid, ReplicaLocationPort healthy) {
        Flux<DataBuffer> bytes = healthy.read(cid).map(DefaultDataBufferFactory.sharedInstance::wrap);
        return store.put(bytes).flatMap(stored -> stored.cid().equals(cid) ? Mono.<Void>empty()
                : store.unpin(stored.cid()).then(Mono.error(new DomainException(ErrorCode.CONTENT_INTEGRITY,
                        "the copy from " + healthy.name() + " gives " + stored.cid() + ", not " + cid))));
    }
}
