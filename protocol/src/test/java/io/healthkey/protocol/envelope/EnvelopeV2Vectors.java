package io.healthkey.protocol.envelope;

import static io.healthkey.protocol.envelope.EnvelopeFixtures.NEXT_VERSION;
import static io.healthkey.protocol.envelope.EnvelopeFixtures.RECORD;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.keywrap.WrappedKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Writes protocol/src/test/resources/vectors/envelope-v2.json, the known answers of envelope version 2:
 * {@code java -cp <test classpath> io.healthkey.protocol.envelope.EnvelopeV2Vectors <file>}. Fixed salt and nonce
 * prefix (as version 1's vectors) and a fixed patient slot ({@link EnvelopeV2Fixtures#FIXED_SLOT}, a real ECIES
 * wrap of the key for the patient's key, whose private half each vector carries). interop/envelope-decrypt.mjs
 * checks each vector and opens each slot; interop/envelope-encrypt.mjs writes the same bytes (EnvelopeInteropIT).
 */
public final class EnvelopeV2Vectors {

    /** The key of {@link EnvelopeV2Fixtures#FIXED_SLOT}, wrapped again for the same patient (another ephemeral key). */
    static final WrappedKey FIXED_SLOT_AGAIN = WrappedKey.parse("0x04132de357f9c1fe7d8040facf4d9f7f4035b1bb95dda0301b"
            + "12a812357dd68f3b568da3e68456abeec167cd0e5dbb7baa3fe2e7b392b02ebd0a3300f2d22bebc8b54e1372349f73063cdf414e8"
            + "79aaf96c39c0499d2479fa784490ff230e6335b1c9c002b7cdfe9f6c3cef683748f2428d662caaa98be5a687a40c6c34c4e4f1d");
    /** Another record key (bytes 0x20 to 0x3f) wrapped for the same patient key. */
    static final WrappedKey SLOT_OF_ANOTHER_KEY = WrappedKey.parse("0x0451c5f1af292d3be09be347e14a093fa51050390a9af7"
            + "aecfd0802c89246d732ab2b3419483fbfcfd5aa1656383b99f9f884512d52b3f762ae30b23b45fc0163ba716c85b2dde1939337487"
            + "0e9f307ae0e5bcf65651dc69b76c344f7e5525abc2426ba8691982f284b857a1c60516d80aee378db8325a7bb1da5201bdf1738056");

    private EnvelopeV2Vectors() {
    }

    static final List<EnvelopeVectors.Valid> VALID = List.of(
            new EnvelopeVectors.Valid("v2: empty record, one empty last segment", 20, 0),
            new EnvelopeVectors.Valid("v2: one byte", 20, 1),
            new EnvelopeVectors.Valid("v2: 1000 bytes", 20, 1000),
            new EnvelopeVectors.Valid("v2: one segment and one byte", 20, (1 << 20) + 1),
            new EnvelopeVectors.Valid("v2, test 64-byte segments: three segments, the last short", 6, 150));

    /** The envelope of {@code valid}, from the fixed salt and slot. */
    static byte[] envelope(EnvelopeVectors.Valid valid) {
        return InsecureEnvelopeEncryptors.insecureFixedSalt(valid.exponent(),
                        Hex.decode("0x" + EnvelopeVectors.SALT_AND_NONCE_PREFIX, "salt"), EnvelopeV2Fixtures.fixedSlot())
                .encrypt(EnvelopeKey.fromBytes(Hex.decode(EnvelopeVectors.KEY, "key")), RECORD,
                        EnvelopeV2Fixtures.PATIENT_KEY, EnvelopeFixtures.pattern(valid.length()));
    }

    public static void main(String[] args) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode file = json.createObjectNode();
        file.put("generator", "io.healthkey.protocol.envelope.EnvelopeV2Vectors (test sources)");
        file.put("format", "docs/FORMAT.md, Record envelope (segmented AES-256-GCM), version 2");
        file.put("plaintext", "byte i of every plaintext is i mod 251");
        file.put("note", "segmentSizeExponent 6 is a test-only segment size: readers reject it; the header holds"
                + " patientKey at [41, 74) and patientSlot, the key wrapped for it, at [74, 203)");
        ArrayNode vectors = file.putArray("vectors");
        byte[] small = null;
        for (EnvelopeVectors.Valid valid : VALID) {
            byte[] envelope = envelope(valid);
            add(vectors, valid.name(), "valid", valid.exponent(), RECORD.toHex(), valid.length(), envelope);
            small = envelope;
        }
        invalid(vectors, "slot byte flipped", EnvelopeVectors.flip(small, 74 + 100));
        invalid(vectors, "slot's ephemeral key byte flipped", EnvelopeVectors.flip(small, 74 + 1));
        invalid(vectors, "patient key byte flipped", EnvelopeVectors.flip(small, 41 + 5));
        invalid(vectors, "slot re-wrapped for the same key", withSlot(small, FIXED_SLOT_AGAIN));
        invalid(vectors, "slot swapped for one of another key", withSlot(small, SLOT_OF_ANOTHER_KEY));
        invalid(vectors, "version byte 1", EnvelopeVectors.with(small, 0, 1));
        invalid(vectors, "version byte 3", EnvelopeVectors.with(small, 0, 3));
        invalid(vectors, "salt bit flipped", EnvelopeVectors.flip(small, 2));
        invalid(vectors, "truncated inside the slot", Arrays.copyOf(small, 150));
        invalid(vectors, "header only", Arrays.copyOf(small, 203));
        invalid(vectors, "truncated by one byte", Arrays.copyOf(small, small.length - 1));
        invalid(vectors, "ciphertext bit flipped in segment 1", EnvelopeVectors.flip(small, 203 + 80 + 3));
        ObjectNode wrongId = add(vectors, "v2, test 64-byte segments: another record id (the next version)",
                "invalid", 6, NEXT_VERSION.toHex(), 150, small);
        wrongId.remove("plaintext");
        json.writeValue(Path.of(args[0]).toFile(), file);
    }

    private static void invalid(ArrayNode vectors, String name, byte[] envelope) {
        add(vectors, "v2, test 64-byte segments, three segments: " + name, "invalid", 6, RECORD.toHex(), 150, envelope)
                .remove("plaintext");
    }

    private static ObjectNode add(ArrayNode vectors, String name, String result, int exponent, String recordId,
            int plaintextLength, byte[] envelope) {
        ObjectNode vector = EnvelopeVectors.add(vectors, name, result, exponent, recordId, plaintextLength, envelope);
        vector.put("patientPrivateKey", Hex.encode(EnvelopeV2Fixtures.PATIENT_PRIVATE_KEY.toBytes()));
        vector.put("patientKey", EnvelopeV2Fixtures.PATIENT_KEY.toHex());
        vector.put("patientSlot", EnvelopeV2Fixtures.FIXED_SLOT.toHex());
        return vector;
    }

    private static byte[] withSlot(byte[] envelope, WrappedKey slot) {
        byte[] copy = envelope.clone();
        System.arraycopy(slot.toBytes(), 0, copy, 74, WrappedKey.LENGTH);
        return copy;
    }
}
