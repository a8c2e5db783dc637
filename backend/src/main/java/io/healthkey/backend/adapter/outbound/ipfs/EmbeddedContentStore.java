package io.healthkey.backend.adapter.outbound.ipfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import io.healthkey.backend.application.record.BlockStorePort;
import io.healthkey.backend.application.record.ContentStorePort;
import io.healthkey.backend.domain.content.StoredContent;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.content.ImportedFile;
import io.healthkey.protocol.content.UnixFsImporter;
import io.healthkey.protocol.content.UnixFsLayout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A content store without an IPFS node: the blocks Kubo would write for the same bytes, one file per block under
 * {@code <root>/blocks/<cid>}, pins as empty files under {@code <root>/pins/<cid>}. Guarantees: the same CIDs and
 * blocks as {@code ipfs add --cid-version=1 --raw-leaves}, so {@link #push} gives a Kubo node the content under
 * the same CID; a block file is complete or absent (written aside, then moved); reads are verified like Kubo's.
 * Unpinned blocks are not collected yet.
 */
public final class EmbeddedContentStore implements ContentStorePort {

    private final Path blocks;
    private final Path pins;
    private final Scheduler io = Schedulers.boundedElastic();
    private final VerifiedDagReader reader;

    public EmbeddedContentStore(Path root) {
        this.blocks = root.resolve("blocks");
        this.pins = root.resolve("pins");
        this.reader = new VerifiedDagReader(cid -> Mono.fromCallable(() -> readBlock(cid)).subscribeOn(io));
    }

    @Override
    public Mono<StoredContent> put(Publisher<DataBuffer> content) {
        return Mono.defer(() -> {
            UnixFsImporter importer = new UnixFsImporter(UnixFsLayout.KUBO, this::writeBlock);
            return Flux.from(content)
                    .concatMap(buffer -> Mono.fromRunnable(() -> importAndRelease(importer, buffer)).subscribeOn(io), 1)
                    .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
                    .then(Mono.fromCallable(() -> {
                        ImportedFile file = importer.finish();
                        writePin(file.cid());
                        return new StoredContent(file.cid(), file.size());
                    }).subscribeOn(io));
        }).onErrorMap(EmbeddedContentStore::storageFailure);
    }

    private static void importAndRelease(UnixFsImporter importer, DataBuffer buffer) {
        try (DataBuffer.ByteBufferIterator views = buffer.readableByteBuffers()) {
            views.forEachRemaining(importer::write);
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    @Override
    public Flux<ByteBuffer> get(Cid cid) {
        return reader.content(cid);
    }

    @Override
    public Mono<Void> pin(Cid cid) {
        return Mono.fromRunnable(() -> {
            if (!Files.exists(blockPath(cid))) {
                throw new DomainException(ErrorCode.CONTENT_NOT_FOUND, "no block " + cid);
            }
            writePin(cid);
        }).subscribeOn(io).onErrorMap(EmbeddedContentStore::storageFailure).then();
    }

    @Override
    public Mono<Void> unpin(Cid cid) {
        return Mono.fromCallable(() -> Files.deleteIfExists(pins.resolve(cid.toString())))
                .subscribeOn(io).onErrorMap(EmbeddedContentStore::storageFailure).then();
    }

    @Override
    public Mono<Boolean> isPinned(Cid cid) {
        return Mono.fromCallable(() -> Files.exists(pins.resolve(cid.toString()))).subscribeOn(io);
    }

    /** Single blocks of this store: what multi-part uploads are assembled from. Both ways checked against the CID. */
    BlockStorePort blocks() {
        return new BlockStorePort() {
            @Override
            public Mono<Void> putBlock(Cid cid, byte[] block) {
                return Mono.fromRunnable(() -> writeBlock(cid, ContentBlocks.verified(cid, block))).subscribeOn(io)
                        .onErrorMap(EmbeddedContentStore::storageFailure).then();
            }

            @Override
            public Mono<byte[]> getBlock(Cid cid) {
                return Mono.fromCallable(() -> ContentBlocks.verified(cid, readBlock(cid))).subscribeOn(io)
                        .onErrorMap(EmbeddedContentStore::storageFailure);
            }
        };
    }

    /** Every pinned CID, in no particular order; none when nothing was ever stored here. */
    public Flux<Cid> pinned() {
        return Flux.defer(() -> {
            if (!Files.isDirectory(pins)) {
                return Flux.empty();
            }
            try (var files = Files.list(pins)) {
                return Flux.fromIterable(files.map(file -> Cid.parse(file.getFileName().toString())).toList());
            } catch (IOException e) {
                return Flux.error(storageFailure(e));
            }
        }).subscribeOn(io);
    }

    /**
     * Gives {@code kubo} every block of {@code cid}, each checked here first, then pins it there. The node ends up
     * with the content under the same CID; blocks it already has are simply written again.
     */
    public Mono<Cid> push(Cid cid, KuboContentStore kubo) {
        return reader.blocks(cid)
                .concatMap(block -> kubo.putBlock(block.file().cid(), block.bytes()), 1)
                .then(kubo.pin(cid))
                .thenReturn(cid);
    }

    private byte[] readBlock(Cid cid) throws IOException {
        Path path = blockPath(cid);
        try {
            if (Files.size(path) > KuboRpcClient.MAX_BLOCK_SIZE) {
                throw new DomainException(ErrorCode.CONTENT_INTEGRITY, "block file too large: " + cid);
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new DomainException(ErrorCode.CONTENT_NOT_FOUND, "no block " + cid);
        }
    }

    private void writeBlock(Cid cid, byte[] block) {
        Path path = blockPath(cid);
        if (Files.exists(path)) {
            return;   // content-addressed: same name, same bytes
        }
        try {
            Files.createDirectories(blocks);
            Path partial = Files.createTempFile(blocks, ".partial-", "");
            try {
                Files.write(partial, block);
                move(partial, path);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writePin(Cid cid) {
        try {
            Files.createDirectories(pins);
            Path pin = pins.resolve(cid.toString());
            if (!Files.exists(pin)) {
                Files.createFile(pin);
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // pinned concurrently: same outcome
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private Path blockPath(Cid cid) {
        return blocks.resolve(cid.toString());
    }

    private static Throwable storageFailure(Throwable error) {
        if (error instanceof DomainException) {
            return error;
        }
        if (error instanceof UncheckedIOException || error instanceof IOException) {
            return new DomainException(ErrorCode.CONTENT_STORAGE_FAILED, "local content store failed", error);
        }
        return error;
    }
}
