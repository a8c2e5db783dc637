package io.healthkey.protocol.content;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.healthkey.protocol.MalformedEncodingException;

/**
 * A dag-pb node (the IPLD codec 0x70): links, then opaque data (UnixFS puts its {@link UnixFsData} there).
 * Guarantees: {@link #encode()} writes the canonical form of the dag-pb spec (links, field 2, before data, field 1;
 * in a link Hash, Name, Tsize, each present), the same bytes as go-merkledag and {@code @ipld/dag-pb};
 * {@link #decode} accepts only that field order and no unknown fields, and only HealthKey {@link Cid}s as link
 * hashes. Failures are {@link MalformedEncodingException}s.
 */
public record DagPbNode(List<DagPbLink> links, byte[] data) {

    private static final int DATA = 1;
    private static final int LINKS = 2;
    private static final int LINK_HASH = 1;
    private static final int LINK_NAME = 2;
    private static final int LINK_TSIZE = 3;
    private static final int VARINT = 0;
    private static final int BYTES = 2;

    public DagPbNode {
        links = List.copyOf(links);
        data = data == null ? null : data.clone();
    }

    @Override
    public byte[] data() {
        return data == null ? null : data.clone();
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + links.size() * 44 + (data == null ? 0 : data.length));
        for (DagPbLink link : links) {
            ByteArrayOutputStream encoded = new ByteArrayOutputStream(44);
            writeBytes(encoded, LINK_HASH, link.hash().toBytes());
            writeBytes(encoded, LINK_NAME, link.name().getBytes(StandardCharsets.UTF_8));
            writeKey(encoded, LINK_TSIZE, VARINT);
            Varint.write(encoded, link.tsize());
            writeBytes(out, LINKS, encoded.toByteArray());
        }
        if (data != null) {
            writeBytes(out, DATA, data);
        }
        return out.toByteArray();
    }

    public static DagPbNode decode(byte[] block) {
        Varint.Reader reader = new Varint.Reader(block);
        List<DagPbLink> links = new ArrayList<>();
        byte[] data = null;
        while (reader.hasMore()) {
            long key = reader.readVarint();
            if (data != null) {
                throw new MalformedEncodingException("dag-pb: nothing may follow Data");
            }
            if (key == ((LINKS << 3) | BYTES)) {
                links.add(decodeLink(reader.slice(reader.readLength())));
            } else if (key == ((DATA << 3) | BYTES)) {
                data = reader.readBytes(reader.readLength());
            } else {
                throw new MalformedEncodingException("dag-pb: unexpected field key " + key);
            }
        }
        return new DagPbNode(links, data);
    }

    private static DagPbLink decodeLink(Varint.Reader reader) {
        Cid hash = null;
        String name = null;
        Long tsize = null;
        int last = 0;
        while (reader.hasMore()) {
            long key = reader.readVarint();
            int field = (int) (key >>> 3);
            if (field <= last) {
                throw new MalformedEncodingException("dag-pb link: fields out of order");
            }
            last = field;
            if (key == ((LINK_HASH << 3) | BYTES)) {
                hash = Cid.fromBytes(reader.readBytes(reader.readLength()));
            } else if (key == ((LINK_NAME << 3) | BYTES)) {
                name = new String(reader.readBytes(reader.readLength()), StandardCharsets.UTF_8);
            } else if (key == ((LINK_TSIZE << 3) | VARINT)) {
                tsize = reader.readVarint();
            } else {
                throw new MalformedEncodingException("dag-pb link: unexpected field key " + key);
            }
        }
        if (hash == null) {
            throw new MalformedEncodingException("dag-pb link without Hash");
        }
        return new DagPbLink(hash, name == null ? "" : name, tsize == null ? 0 : tsize);
    }

    static void writeKey(ByteArrayOutputStream out, int field, int wireType) {
        Varint.write(out, ((long) field << 3) | wireType);
    }

    static void writeBytes(ByteArrayOutputStream out, int field, byte[] bytes) {
        writeKey(out, field, BYTES);
        Varint.write(out, bytes.length);
        out.writeBytes(bytes);
    }
}
