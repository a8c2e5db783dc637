package io.healthkey.protocol.envelope;

import static io.healthkey.protocol.envelope.EnvelopeFixtures.NEXT_VERSION;
import static io.healthkey.protocol.envelope.EnvelopeFixtures.RECORD;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthkey.protocol.Hex;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * Writes protocol/src/test/resources/vectors/envelope-v1.json, the known answers of the record envelope:
 * {@code java -cp <test classpath> io.healthkey.protocol.envelope.EnvelopeVectors <file>}. The vectors come from
 * this implementation (fixed salts through the insecure test seam); interop/envelope-decrypt.mjs, written from
 * docs/FORMAT.md on node:crypto alone, checks each of them independently (EnvelopeInteropIT).
 */
public final class EnvelopeVectors {

    static final String KEY = "0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    static final String SALT_AND_NONCE_PREFIX =
            "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6";
    /** Vectors up to this plaintext length carry the bytes; longer ones their SHA-256 only. */
    static final int INLINE_LIMIT = 4096;

    private EnvelopeVectors() {
    }

    record Valid(String name, int exponent, int length) {
    }

    static final List<Valid> VALID = List.of(
            new Valid("v1: empty record, one empty last segment", 20, 0),
            new Valid("v1: one byte", 20, 1),
            new Valid("v1: 1000 bytes", 20, 1000),
            new Valid("v1: exactly one segment (1 MiB)", 20, 1 << 20),
            new Valid("v1: one segment and one byte", 20, (1 << 20) + 1),
            new Valid("v1: three segments (2.5 MiB)", 20, 5 << 19),
            new Valid("test 64-byte segments: exactly one segment", 6, 64),
            new Valid("test 64-byte segments: one segment and one byte", 6, 65),
            new Valid("test 64-byte segments: three segments, the last short", 6, 150),
            new Valid("test 64-byte segments: three full segments", 6, 192));

    public static void main(String[] args) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode file = json.createObjectNode();
        file.put("generator", "io.healthkey.protocol.envelope.EnvelopeVectors (test sources)");
        file.put("format", "docs/FORMAT.md, Record envelope (segmented AES-256-GCM), version 1");
        file.put("plaintext", "byte i of every plaintext is i mod 251");
        file.put("note", "segmentSizeExponent 6 is a test-only segment size: version 1 readers reject it");
        ArrayNode vectors = file.putArray("vectors");
        EnvelopeKey key = EnvelopeKey.fromBytes(Hex.decode(KEY, "key"));
        byte[] small = null;
        byte[] smallFull = null;
        for (Valid valid : VALID) {
            byte[] envelope = InsecureEnvelopeEncryptors.insecureFixedSalt(valid.exponent(), SALT_AND_NONCE_PREFIX)
                    .encrypt(key, RECORD, EnvelopeFixtures.pattern(valid.length()));
            add(vectors, valid.name(), "valid", valid.exponent(), RECORD.toHex(), valid.length(), envelope);
            if (valid.length() == 150) {
                small = envelope;
            } else if (valid.length() == 192) {
                smallFull = envelope;
            }
        }
        List<byte[]> s = EnvelopeFixtures.segments(small, 64);
        byte[] header = EnvelopeFixtures.header(small);
        invalid(vectors, "salt bit flipped", flip(small, 2));
        invalid(vectors, "nonce prefix bit flipped", flip(small, 40));
        invalid(vectors, "segment size byte changed", flip(small, 1));
        invalid(vectors, "version 2", with(small, 0, 2));
        invalid(vectors, "ciphertext bit flipped in segment 1", flip(small, 41 + 80 + 3));
        invalid(vectors, "tag bit flipped in the last segment", flip(small, small.length - 1));
        invalid(vectors, "last segment removed", EnvelopeFixtures.concat(header, List.of(s.get(0), s.get(1))));
        invalid(vectors, "segments 0 and 1 swapped",
                EnvelopeFixtures.concat(header, List.of(s.get(1), s.get(0), s.get(2))));
        invalid(vectors, "segment 1 duplicated",
                EnvelopeFixtures.concat(header, List.of(s.get(0), s.get(1), s.get(1), s.get(2))));
        invalid(vectors, "one byte appended", EnvelopeFixtures.concat(small, new byte[1]));
        invalid(vectors, "truncated by one byte", Arrays.copyOf(small, small.length - 1));
        invalid(vectors, "header only", header);
        invalid(vectors, "16 bytes appended after a full last segment",
                EnvelopeFixtures.concat(smallFull, new byte[16]));
        ObjectNode wrongId = add(vectors, "another record id (the next version)", "invalid", 6, NEXT_VERSION.toHex(),
                150, small);
        wrongId.remove("plaintext");
        json.writeValue(Path.of(args[0]).toFile(), file);
    }

    private static void invalid(ArrayNode vectors, String name, byte[] envelope) {
        add(vectors, "test 64-byte segments, three segments: " + name, "invalid", 6, RECORD.toHex(), 150, envelope)
                .remove("plaintext");
    }

    static ObjectNode add(ArrayNode vectors, String name, String result, int exponent, String recordId,
                                  int plaintextLength, byte[] envelope) {
        ObjectNode vector = vectors.addObject();
        vector.put("name", name);
        vector.put("result", result);
        vector.put("segmentSizeExponent", exponent);
        vector.put("key", KEY);
        vector.put("recordId", recordId);
        vector.put("saltAndNoncePrefix", "0x" + SALT_AND_NONCE_PREFIX);
        vector.put("plaintextLength", plaintextLength);
        if (plaintextLength <= INLINE_LIMIT) {
            vector.put("plaintext", Hex.encode(EnvelopeFixtures.pattern(plaintextLength)));
        }
        vector.put("ciphertextLength", envelope.length);
        vector.put("ciphertextSha256", Hex.encode(sha256(envelope)));
        if (envelope.length <= INLINE_LIMIT) {
            vector.put("ciphertext", Hex.encode(envelope));
        }
        return vector;
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] flip(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= 1;
        return copy;
    }

    static byte[] with(byte[] bytes, int index, int value) {
        byte[] copy = bytes.clone();
        copy[index] = (byte) value;
        return copy;
    }
}
