package io.healthkey.protocol.content;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.MalformedEncodingException;

/**
 * The address of one IPFS block as HealthKey uses it. Guarantees: CIDv1, a sha2-256 multihash (32-byte digest),
 * codec {@link Codec#RAW raw} or {@link Codec#DAG_PB dag-pb}; one canonical text form, multibase {@code b}
 * (lowercase base32, no padding), which {@link #parse} alone accepts. Any other CID (v0, other hashes or codecs,
 * other bases) is refused rather than half-supported.
 *
 * <p>The chain anchors {@link #digest()} and {@link #codec()}; both together give back the CID.
 */
public final class Cid {

    private static final int VERSION = 1;
    private static final int SHA2_256 = 0x12;
    private static final int DIGEST_LENGTH = 32;
    private static final int BINARY_LENGTH = 4 + DIGEST_LENGTH;

    private final Codec codec;
    private final byte[] digest;

    private Cid(Codec codec, byte[] digest) {
        this.codec = codec;
        this.digest = digest;
    }

    /** The CID of a block with this codec whose SHA-256 is {@code digest}. */
    public static Cid of(Codec codec, Bytes32 digest) {
        return new Cid(Objects.requireNonNull(codec), digest.toBytes());
    }

    /** The CID of {@code block} read with {@code codec}: hashes it. */
    public static Cid ofBlock(Codec codec, byte[] block) {
        return new Cid(Objects.requireNonNull(codec), sha256(block));
    }

    /** @throws MalformedEncodingException unless {@code text} is the canonical text form of a HealthKey CID */
    public static Cid parse(String text) {
        if (text == null || text.isEmpty() || text.charAt(0) != 'b') {
            throw new MalformedEncodingException("CID must be multibase base32 ('b' prefix)");
        }
        Cid cid = fromBytes(Base32.decode(text.substring(1)));
        if (!cid.toString().equals(text)) {
            throw new MalformedEncodingException("CID text is not canonical");
        }
        return cid;
    }

    /** @throws MalformedEncodingException unless {@code bytes} is a binary CIDv1 with a sha2-256 multihash */
    public static Cid fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != BINARY_LENGTH) {
            throw new MalformedEncodingException("binary CID must be " + BINARY_LENGTH + " bytes");
        }
        Varint.Reader reader = new Varint.Reader(bytes);
        if (reader.readVarint() != VERSION) {
            throw new MalformedEncodingException("only CIDv1 is supported");
        }
        Codec codec = Codec.fromCode(reader.readVarint());
        if (reader.readVarint() != SHA2_256 || reader.readVarint() != DIGEST_LENGTH || reader.position() != 4) {
            throw new MalformedEncodingException("CID multihash must be sha2-256 with a 32-byte digest");
        }
        return new Cid(codec, Arrays.copyOfRange(bytes, 4, BINARY_LENGTH));
    }

    public Codec codec() {
        return codec;
    }

    /** The SHA-256 of the block. */
    public Bytes32 digest() {
        return Bytes32.fromBytes(digest);
    }

    /** Whether {@code block} hashes to this CID's digest. */
    public boolean matches(byte[] block) {
        return MessageDigest.isEqual(digest, sha256(block));
    }

    /** The binary CID: version, codec, multihash (36 bytes). */
    public byte[] toBytes() {
        byte[] out = new byte[BINARY_LENGTH];
        out[0] = VERSION;
        out[1] = (byte) codec.code();
        out[2] = SHA2_256;
        out[3] = DIGEST_LENGTH;
        System.arraycopy(digest, 0, out, 4, DIGEST_LENGTH);
        return out;
    }

    /** The canonical text form: {@code b} followed by the lowercase base32 of {@link #toBytes()}. */
    @Override
    public String toString() {
        return "b" + Base32.encode(toBytes());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cid that && codec == that.codec && Arrays.equals(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return 31 * codec.hashCode() + Arrays.hashCode(digest);
    }

    static byte[] sha256(byte[] bytes) {
        return newSha256().digest(bytes);
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
