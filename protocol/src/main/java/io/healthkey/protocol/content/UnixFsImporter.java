package io.healthkey.protocol.content;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.healthkey.protocol.Bytes32;

/**
 * Cuts a byte stream into a UnixFS file DAG, block by block, as it is written. Guarantees: the root CID and every
 * block are those of {@code ipfs-unixfs-importer} with CIDv1, raw leaves, a fixed-size chunker, the balanced layout
 * and {@code reduceSingleLeafToSelf} (= Kubo's {@code ipfs add --cid-version=1 --raw-leaves} for
 * {@link UnixFsLayout#KUBO}): a file of at most one chunk is its raw leaf (the empty file an empty raw leaf); larger
 * files get dag-pb nodes of UnixFS type File over up to {@code maxChildren} children, level by level. Memory: one
 * chunk (none for {@link #hashOnly}) plus at most {@code maxChildren} pending links per level. Not thread-safe; one
 * importer per file.
 */
public final class UnixFsImporter {

    /** Receives each block once, children before their parents, the root last. May keep {@code block}. */
    @FunctionalInterface
    public interface BlockSink {
        void accept(Cid cid, byte[] block);
    }

    private record Child(Cid cid, long contentSize, long tsize) {
    }

    private final UnixFsLayout layout;
    private final BlockSink sink;
    private final List<List<Child>> pending = new ArrayList<>();
    private final List<Integer> reduced = new ArrayList<>();
    /** The current leaf's bytes, kept for the sink; null when only hashing. */
    private byte[] chunk;
    /** Only hashing: the current leaf's digest, fed straight from the caller's buffers (no copy, no garbage). */
    private final MessageDigest leafDigest;
    private int filled;
    private long size;
    private boolean finished;

    public UnixFsImporter(UnixFsLayout layout, BlockSink sink) {
        this(layout, Objects.requireNonNull(sink), false);
    }

    private UnixFsImporter(UnixFsLayout layout, BlockSink sink, boolean hashOnly) {
        this.layout = Objects.requireNonNull(layout);
        this.sink = sink;
        this.chunk = hashOnly ? null : new byte[layout.chunkSize()];
        this.leafDigest = hashOnly ? Cid.newSha256() : null;
    }

    /** An importer that only computes the CID: leaves are hashed as they stream by, no block is kept. */
    public static UnixFsImporter hashOnly(UnixFsLayout layout) {
        return new UnixFsImporter(layout, (cid, block) -> { }, true);
    }

    /** Reads the remaining bytes of {@code buffer} (its position moves to its limit). */
    public void write(ByteBuffer buffer) {
        requireOpen();
        while (buffer.hasRemaining()) {
            int length = Math.min(buffer.remaining(), layout.chunkSize() - filled);
            if (leafDigest != null) {
                int limit = buffer.limit();
                leafDigest.update(buffer.limit(buffer.position() + length));
                buffer.limit(limit);
            } else {
                buffer.get(chunk, filled, length);
            }
            accepted(length);
        }
    }

    public void write(byte[] bytes, int offset, int length) {
        requireOpen();
        Objects.checkFromIndexSize(offset, length, bytes.length);
        while (length > 0) {
            int n = Math.min(length, layout.chunkSize() - filled);
            if (leafDigest != null) {
                leafDigest.update(bytes, offset, n);
            } else {
                System.arraycopy(bytes, offset, chunk, filled, n);
            }
            offset += n;
            length -= n;
            accepted(n);
        }
    }

    /**
     * Takes a raw leaf whose block is stored already, as if its bytes had been written: for a file assembled from
     * leaves cut elsewhere at this layout's chunk boundaries. The sink receives only the nodes above it. Every leaf
     * but the file's last must be a whole chunk, and none may follow bytes written but not yet a whole chunk.
     *
     * @throws IllegalArgumentException for a leaf that is not raw, or empty, or longer than a chunk
     * @throws IllegalStateException when the previous leaf was shorter than a chunk, or written bytes are pending
     */
    public void appendLeaf(Cid leaf, int length) {
        requireOpen();
        if (leaf.codec() != Codec.RAW || length <= 0 || length > layout.chunkSize()) {
            throw new IllegalArgumentException("a leaf is a raw block of 1 to " + layout.chunkSize() + " bytes");
        }
        if (filled != 0 || size % layout.chunkSize() != 0) {
            throw new IllegalStateException("only the file's last leaf may be shorter than a chunk");
        }
        size += length;
        add(0, new Child(leaf, length, length));
    }

    /** Emits the last blocks and returns the root. The importer cannot be used afterwards. */
    public ImportedFile finish() {
        requireOpen();
        finished = true;
        if (filled > 0 || size == 0) {
            completeLeaf();
        }
        chunk = null;
        for (int level = 0; ; level++) {
            List<Child> children = pending.get(level);
            if (reduced.get(level) == 0 && children.size() == 1) {
                Child root = children.get(0);
                return new ImportedFile(root.cid(), size, root.tsize());
            }
            if (!children.isEmpty()) {
                reduce(level);
            }
        }
    }

    private void accepted(int length) {
        filled += length;
        size += length;
        if (filled == layout.chunkSize()) {
            completeLeaf();
            chunk = chunk == null ? null : new byte[layout.chunkSize()];
        }
    }

    /** Emits the {@code filled} bytes of the current leaf and starts an empty one. */
    private void completeLeaf() {
        int length = filled;
        filled = 0;
        if (leafDigest != null) {
            add(0, new Child(Cid.of(Codec.RAW, Bytes32.fromBytes(leafDigest.digest())), length, length));
            return;
        }
        byte[] block = length == chunk.length ? chunk : Arrays.copyOf(chunk, length);
        Cid cid = Cid.ofBlock(Codec.RAW, block);
        sink.accept(cid, block);
        add(0, new Child(cid, length, length));
    }

    private void add(int level, Child child) {
        if (pending.size() == level) {
            pending.add(new ArrayList<>(layout.maxChildren()));
            reduced.add(0);
        }
        List<Child> children = pending.get(level);
        children.add(child);
        if (children.size() == layout.maxChildren()) {
            reduce(level);
        }
    }

    private void reduce(int level) {
        List<Child> children = pending.get(level);
        List<DagPbLink> links = new ArrayList<>(children.size());
        List<Long> blocksizes = new ArrayList<>(children.size());
        long tsizes = 0;
        for (Child child : children) {
            if (child.contentSize() == 0) {
                continue;   // as ipfs-unixfs-importer: an empty child is not linked
            }
            links.add(new DagPbLink(child.cid(), "", child.tsize()));
            blocksizes.add(child.contentSize());
            tsizes += child.tsize();
        }
        UnixFsData data = UnixFsData.file(blocksizes);
        byte[] block = new DagPbNode(links, data.encode()).encode();
        Cid cid = Cid.ofBlock(Codec.DAG_PB, block);
        sink.accept(cid, block);
        children.clear();
        reduced.set(level, reduced.get(level) + 1);
        add(level + 1, new Child(cid, data.filesize(), block.length + tsizes));
    }

    private void requireOpen() {
        if (finished) {
            throw new IllegalStateException("importer already finished");
        }
    }
}
