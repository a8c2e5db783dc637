package io.healthkey.protocol.content;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Named;

/**
 * The UnixFS vectors of interop/cid-vectors.mjs, and the content they describe, regenerated as interop/content-io.mjs
 * does: the first n bytes of SHA-256(seed || uint64be(0)) || SHA-256(seed || uint64be(1)) || ...
 */
public final class ContentVectors {

    public static final String SEED = "healthkey content vectors";

    private ContentVectors() {
    }

    public record Vector(String name, String text, long size, int chunkSize, int maxChildren, String cid, long dagSize,
            int blockCount, Map<String, String> dagPbBlocks) {

        public UnixFsLayout layout() {
            return new UnixFsLayout(chunkSize, maxChildren);
        }

        /** The content, generated as it is read: no more than {@code bufferSize} bytes at a time. */
        public Stream<byte[]> content(int bufferSize) {
            if (text != null) {
                return Stream.<byte[]>of(text.getBytes(StandardCharsets.UTF_8));
            }
            return pseudoRandom(size, bufferSize);
        }

        public byte[] contentBytes() {
            byte[] out = new byte[Math.toIntExact(size)];
            int[] offset = {0};
            content(1 << 20).forEach(part -> {
                System.arraycopy(part, 0, out, offset[0], part.length);
                offset[0] += part.length;
            });
            return out;
        }

        public boolean isKuboLayout() {
            return layout().equals(UnixFsLayout.KUBO);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static List<Vector> all() {
        try (InputStream in = ContentVectors.class.getResourceAsStream("/vectors/unixfs.json")) {
            Map<String, Object> file = new ObjectMapper().readValue(in, new TypeReference<>() { });
            return new ObjectMapper().configure(
                    com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .convertValue(file.get("vectors"), new TypeReference<List<Vector>>() { });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Stream<Named<Vector>> named() {
        return all().stream().map(v -> Named.of(v.name(), v));
    }

    public static Vector named(String name) {
        return all().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    /** The first {@code length} bytes of the stream, in parts of {@code bufferSize} (a multiple of 32) bytes. */
    public static Stream<byte[]> pseudoRandom(long length, int bufferSize) {
        if (bufferSize % 32 != 0) {
            throw new IllegalArgumentException("buffer size must be a multiple of 32");
        }
        long parts = (length + bufferSize - 1) / bufferSize;
        return Stream.iterate(0L, i -> i < parts, i -> i + 1).map(part -> {
            long from = part * bufferSize;
            byte[] out = new byte[(int) Math.min(bufferSize, length - from)];
            MessageDigest sha256 = Cid.newSha256();
            byte[] seed = SEED.getBytes(StandardCharsets.UTF_8);
            byte[] counter = new byte[8];
            for (int offset = 0; offset < out.length; offset += 32) {
                long block = (from + offset) / 32;
                for (int i = 0; i < 8; i++) {
                    counter[i] = (byte) (block >>> (56 - 8 * i));
                }
                sha256.update(seed);
                sha256.update(counter);
                byte[] digest = sha256.digest();
                System.arraycopy(digest, 0, out, offset, Math.min(32, out.length - offset));
            }
            return out;
        });
    }
}
