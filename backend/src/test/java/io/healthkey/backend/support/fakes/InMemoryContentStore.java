package io.healthkey.backend.support.fakes;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import io.healthkey.backend.application.record.BlockStorePort;
import io.healthkey.backend.application.record.ContentStorePort;
import io.healthkey.backend.domain.content.StoredContent;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.content.UnixFsImporter;
import io.healthkey.protocol.content.UnixFsLayout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An IPFS node in a map: contents under the CID Kubo gives the same bytes ({@link UnixFsImporter}), pins in a set.
 * Releases every buffer it takes, as the port requires, also when it fails. During an {@link #outage} an upload
 * fails at its first buffer (the node went away mid-request) and every other call fails at once. Single blocks
 * ({@link BlockStorePort}) are kept apart from whole contents, and may be pinned like them.
 */
public final class InMemoryContentStore implements ContentStorePort, BlockStorePort {

    /** Buffers read back are cut at this size, so that readers see more than one. */
    private static final int READ_CHUNK = 64 * 1024;

    public final Outage outage = new Outage();
    private final Map<Cid, byte[]> contents = new HashMap<>();
    private final Set<Cid> pins = new HashSet<>();
    private final Map<Cid, byte[]> blocks = new HashMap<>();

    /** Stores and pins {@code bytes} as an earlier upload would have. */
    public Cid add(byte[] bytes) {
        Cid cid = cidOf(bytes);
        contents.put(cid, bytes.clone());
        pins.add(cid);
        return cid;
    }

    public Optional<byte[]> bytesOf(Cid cid) {
        return Optional.ofNullable(contents.get(cid)).map(byte[]::clone);
    }

    public Set<Cid> pinned() {
        return Set.copyOf(pins);
    }

    /** The CID {@code ipfs add --cid-version=1 --raw-leaves} gives {@code bytes}. */
    public static Cid cidOf(byte[] bytes) {
        UnixFsImporter importer = UnixFsImporter.hashOnly(UnixFsLayout.KUBO);
        importer.write(bytes, 0, bytes.length);
        return importer.finish().cid();
    }

    @Override
    public Mono<StoredContent> put(Publisher<DataBuffer> content) {
        return Mono.defer(() -> {
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            return Flux.from(content)
                    .doOnNext(buffer -> {
                        try {
                            outage.check();
                            byte[] bytes = new byte[buffer.readableByteCount()];
                            buffer.read(bytes);
                            received.writeBytes(bytes);
                        } finally {
                            DataBufferUtils.release(buffer);
                        }
                    })
                    .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
                    .then(Mono.fromCallable(() -> {
                        outage.check();
                        Cid cid = add(received.toByteArray());
                        return new StoredContent(cid, received.size());
                    }));
        });
    }

    @Override
    public Flux<ByteBuffer> get(Cid cid) {
        return outage.guardMany(() -> {
            byte[] bytes = contents.get(cid);
            if (bytes == null) {
                return Flux.error(new DomainException(ErrorCode.CONTENT_NOT_FOUND, "no content " + cid));
            }
            int chunks = Math.max(1, (bytes.length + READ_CHUNK - 1) / READ_CHUNK);
            return Flux.range(0, chunks).map(i -> ByteBuffer.wrap(bytes, i * READ_CHUNK,
                    Math.min(READ_CHUNK, bytes.length - i * READ_CHUNK)).asReadOnlyBuffer());
        });
    }

    @Override
    public Mono<Void> pin(Cid cid) {
        return outage.guard(() -> contents.containsKey(cid) || blocks.containsKey(cid)
                ? Mono.fromRunnable(() -> pins.add(cid))
                : Mono.error(new DomainException(ErrorCode.CONTENT_NOT_FOUND, "no content " + cid)));
    }

    @Override
    public Mono<Void> unpin(Cid cid) {
        return outage.guard(() -> Mono.fromRunnable(() -> pins.remove(cid)));
    }

    @Override
    public Mono<Boolean> isPinned(Cid cid) {
        return outage.guard(() -> Mono.just(pins.contains(cid)));
    }

    @Override
    public Mono<Void> putBlock(Cid cid, byte[] block) {
        return outage.guard(() -> cid.matches(block) ? Mono.fromRunnable(() -> blocks.put(cid, block.clone()))
                : Mono.error(new DomainException(ErrorCode.CONTENT_INTEGRITY, "block does not match " + cid)));
    }

    @Override
    public Mono<byte[]> getBlock(Cid cid) {
        return outage.guard(() -> Optional.ofNullable(blocks.get(cid)).map(block -> Mono.just(block.clone()))
                .orElseGet(() -> Mono.error(new DomainException(ErrorCode.CONTENT_NOT_FOUND, "no block " + cid))));
    }

    /** Every single block stored, pinned or not. */
    public Set<Cid> blocks() {
        return Set.copyOf(blocks.keySet());
    }
}
