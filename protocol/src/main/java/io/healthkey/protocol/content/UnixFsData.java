package io.healthkey.protocol.content;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import io.healthkey.protocol.MalformedEncodingException;

/**
 * The UnixFS {@code Data} message a dag-pb file node carries: its type, inline bytes, the file size below it and
 * the content size of each child. Guarantees: {@link #encode()} writes what Kubo and {@code ipfs-unixfs} write for
 * a file (Type, Data only when non-empty, filesize, then each blocksize as its own unpacked field 4);
 * {@link #decode} reads that and skips the metadata fields (hashType, fanout, mode, mtime).
 */
public record UnixFsData(Type type, byte[] data, long filesize, List<Long> blocksizes) {

    /** UnixFS node types, numbered as in {@code unixfs.proto}. */
    public enum Type { RAW, DIRECTORY, FILE, METADATA, SYMLINK, HAMT_SHARD }

    public UnixFsData {
        data = data == null ? new byte[0] : data.clone();
        blocksizes = List.copyOf(blocksizes);
    }

    /** A file node without inline bytes over children holding {@code blocksizes} bytes each. */
    public static UnixFsData file(List<Long> blocksizes) {
        return new UnixFsData(Type.FILE, null, blocksizes.stream().mapToLong(Long::longValue).sum(), blocksizes);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 + blocksizes.size() * 4);
        DagPbNode.writeKey(out, 1, 0);
        Varint.write(out, type.ordinal());
        if (data.length > 0) {
            DagPbNode.writeBytes(out, 2, data);
        }
        DagPbNode.writeKey(out, 3, 0);
        Varint.write(out, filesize);
        for (long size : blocksizes) {
            DagPbNode.writeKey(out, 4, 0);
            Varint.write(out, size);
        }
        return out.toByteArray();
    }

    public static UnixFsData decode(byte[] bytes) {
        Varint.Reader reader = new Varint.Reader(bytes);
        Type type = null;
        byte[] data = null;
        long filesize = 0;
        List<Long> blocksizes = new ArrayList<>();
        while (reader.hasMore()) {
            long key = reader.readVarint();
            int field = (int) (key >>> 3);
            int wireType = (int) (key & 7);
            if (field == 1 && wireType == 0) {
                long value = reader.readVarint();
                if (value >= Type.values().length) {
                    throw new MalformedEncodingException("UnixFS: unknown type " + value);
                }
                type = Type.values()[(int) value];
            } else if (field == 2 && wireType == 2) {
                data = reader.readBytes(reader.readLength());
            } else if (field == 3 && wireType == 0) {
                filesize = reader.readVarint();
            } else if (field == 4 && wireType == 0) {
                blocksizes.add(reader.readVarint());
            } else if (field == 4 && wireType == 2) {
                Varint.Reader packed = reader.slice(reader.readLength());
                while (packed.hasMore()) {
                    blocksizes.add(packed.readVarint());
                }
            } else if (field >= 5 && field <= 8) {
                skip(reader, wireType);
            } else {
                throw new MalformedEncodingException("UnixFS: unexpected field key " + key);
            }
        }
        if (type == null) {
            throw new MalformedEncodingException("UnixFS: no Type");
        }
        return new UnixFsData(type, data, filesize, blocksizes);
    }

    private static void skip(Varint.Reader reader, int wireType) {
        switch (wireType) {
            case 0 -> reader.readVarint();
            case 2 -> reader.readBytes(reader.readLength());
            default -> throw new MalformedEncodingException("UnixFS: unsupported wire type " + wireType);
        }
    }
}
