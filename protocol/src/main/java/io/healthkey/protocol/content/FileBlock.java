package io.healthkey.protocol.content;

import java.util.List;

import io.healthkey.protocol.ContentMismatchException;
import io.healthkey.protocol.MalformedEncodingException;

/**
 * One verified block of a UnixFS file: the bytes it holds itself and the children that follow them, in order. A
 * file's content is, depth first, each block's {@link #data()} then its {@link #children()}' content.
 */
public record FileBlock(Cid cid, byte[] data, List<Cid> children) {

    public FileBlock {
        children = List.copyOf(children);
    }

    /**
     * Checks that {@code block} hashes to {@code cid}, then reads it: a raw block is all data; a dag-pb block must
     * be a UnixFS File (or Raw) node.
     *
     * @throws ContentMismatchException if the block does not hash to {@code cid}
     * @throws MalformedEncodingException if it hashes but is not a UnixFS file block
     */
    public static FileBlock verify(Cid cid, byte[] block) {
        if (!cid.matches(block)) {
            throw new ContentMismatchException("block does not hash to " + cid);
        }
        if (cid.codec() == Codec.RAW) {
            return new FileBlock(cid, block, List.of());
        }
        DagPbNode node = DagPbNode.decode(block);
        if (node.data() == null) {
            throw new MalformedEncodingException("dag-pb node without UnixFS data: " + cid);
        }
        UnixFsData unixfs = UnixFsData.decode(node.data());
        if (unixfs.type() != UnixFsData.Type.FILE && unixfs.type() != UnixFsData.Type.RAW) {
            throw new MalformedEncodingException("not a UnixFS file: " + unixfs.type() + " " + cid);
        }
        return new FileBlock(cid, unixfs.data(), node.links().stream().map(DagPbLink::hash).toList());
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The block's own bytes as a read-only view, without a copy. */
    public java.nio.ByteBuffer dataView() {
        return java.nio.ByteBuffer.wrap(data).asReadOnlyBuffer();
    }
}
