package io.healthkey.protocol.content;

import io.healthkey.protocol.MalformedEncodingException;

/** The multicodecs a HealthKey {@link Cid} may name: how the block it addresses is to be read. */
public enum Codec {
    /** The block is plain bytes: a leaf of a file. */
    RAW(0x55),
    /** The block is a dag-pb node: a UnixFS file node linking to its chunks. */
    DAG_PB(0x70);

    private final int code;

    Codec(int code) {
        this.code = code;
    }

    /** The multicodec number, as anchored on chain next to the digest. */
    public int code() {
        return code;
    }

    /** @throws MalformedEncodingException for any multicodec other than raw (0x55) and dag-pb (0x70) */
    public static Codec fromCode(long code) {
        for (Codec codec : values()) {
            if (codec.code == code) {
                return codec;
            }
        }
        throw new MalformedEncodingException("unsupported CID codec 0x" + Long.toHexString(code));
    }
}
