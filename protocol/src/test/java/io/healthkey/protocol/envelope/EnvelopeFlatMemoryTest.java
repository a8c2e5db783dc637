package io.healthkey.protocol.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Memory stays flat: a child JVM with a 32 MiB heap streams 64 MiB records through both writers and the reader,
 * which a reader or writer that held the record (or its ciphertext) could not do.
 */
class EnvelopeFlatMemoryTest {

    static final long RECORD_BYTES = 64L << 20;
    static final String HEAP = "-Xmx32m";

    @Test
    void streams64MiBThroughA32MiBHeap() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), HEAP, "-cp",
                System.getProperty("java.class.path"), EnvelopeFlatMemoryTest.class.getName()))
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("pull: 67108864 bytes intact", "push: 67108864 bytes intact");
    }

    /** Runs in the child JVM. */
    public static void main(String[] args) throws Exception {
        EnvelopeEncryptor encryptor = new EnvelopeEncryptor();
        EnvelopeKey key = EnvelopeKey.generate();
        RecordId id = RecordId.of(EthAddress.parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), Category.BINARY, 1);

        // Pull: plaintext -> ciphertextOf -> decryptingStream.
        long pulled = verifyPattern(encryptor.decryptingStream(key, id,
                encryptor.ciphertextOf(key, id, new PatternStream(RECORD_BYTES))));
        System.out.println("pull: " + pulled + " bytes intact");

        // Push: a writer thread into encryptingStream -> pipe -> decryptingStream.
        PipedInputStream pipeIn = new PipedInputStream(1 << 16);
        PipedOutputStream pipeOut = new PipedOutputStream(pipeIn);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = encryptor.encryptingStream(key, id, pipeOut);
                 InputStream plaintext = new PatternStream(RECORD_BYTES)) {
                plaintext.transferTo(out);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        long pushed = verifyPattern(encryptor.decryptingStream(key, id, pipeIn));
        writer.get(2, TimeUnit.MINUTES);
        System.out.println("push: " + pushed + " bytes intact");
    }

    private static long verifyPattern(InputStream in) throws IOException {
        byte[] buffer = new byte[100_000];
        long at = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            for (int i = 0; i < n; i++, at++) {
                if (buffer[i] != PatternStream.byteAt(at)) {
                    throw new IllegalStateException("byte " + at + " differs");
                }
            }
        }
        in.close();
        return at;
    }

    /** {@code length} bytes of a pattern, made on the fly. */
    static final class PatternStream extends InputStream {
        private final long length;
        private long position;

        PatternStream(long length) {
            this.length = length;
        }

        static byte byteAt(long position) {
            return (byte) (position * 31 + (position >>> 13));
        }

        @Override
        public int read() {
            return position < length ? byteAt(position++) & 0xff : -1;
        }

        @Override
        public int read(byte[] bytes, int offset, int count) {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(count, length - position);
            for (int i = 0; i < n; i++) {
                bytes[offset + i] = byteAt(position++);
            }
            return n;
        }
    }
}
