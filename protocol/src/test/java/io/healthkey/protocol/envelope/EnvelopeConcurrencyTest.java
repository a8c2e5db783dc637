package io.healthkey.protocol.envelope;

import static io.healthkey.protocol.envelope.EnvelopeFixtures.NEXT_VERSION;
import static io.healthkey.protocol.envelope.EnvelopeFixtures.RECORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthkey.protocol.EnvelopeDecryptionException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One encryptor shared by many threads, and streams that outlive a call: the {@code Cipher} and {@code Mac}
 * instances kept per thread are never shared by two envelopes in flight.
 */
class EnvelopeConcurrencyTest {

    static final EnvelopeEncryptor V1 = new EnvelopeEncryptor();

    @Test
    void roundTripsFromManyThreadsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int task = 0; task < 32; task++) {
                int seed = task;
                done.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 200; i++) {
                        EnvelopeKey key = EnvelopeKey.generate();
                        byte[] plaintext = EnvelopeFixtures.random(random, random.nextInt(3000));
                        byte[] envelope = V1.encrypt(key, RECORD, plaintext);
                        assertThat(V1.decrypt(key, RECORD, envelope)).isEqualTo(plaintext);
                        assertThatThrownBy(() -> V1.decrypt(key, NEXT_VERSION, envelope))
                                .isInstanceOf(EnvelopeDecryptionException.class);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keepsStreamsThatMoveBetweenThreadsApartFromEachOtherAndFromOneShotCalls() throws Exception {
        // 64-byte segments (random salts, per-thread ciphers as in production): many segments per write.
        EnvelopeEncryptor small = InsecureEnvelopeEncryptors.insecureSmallSegments(EnvelopeFixtures.SMALL_EXPONENT);
        int streams = 6;
        int chunk = 4000;
        int steps = 25;
        Random random = new Random(17);
        List<EnvelopeKey> keys = new ArrayList<>();
        List<byte[]> records = new ArrayList<>();
        List<ByteArrayOutputStream> sinks = new ArrayList<>();
        List<OutputStream> writers = new ArrayList<>();
        List<InputStream> readers = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            keys.add(EnvelopeKey.generate());
            records.add(EnvelopeFixtures.random(random, chunk * steps));
            sinks.add(new ByteArrayOutputStream());
            writers.add(small.encryptingStream(keys.get(i), RECORD, sinks.get(i)));
            readers.add(small.decryptingStream(keys.get(i), RECORD,
                    new ByteArrayInputStream(small.encrypt(keys.get(i), RECORD, records.get(i)))));
        }
        List<ByteArrayOutputStream> read = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            read.add(new ByteArrayOutputStream());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int step = 0; step < steps; step++) {
                // Each stream's step runs on whichever pool thread takes it, next to the other streams' steps and
                // one-shot calls; a stream's steps never overlap each other.
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < streams; i++) {
                    int stream = i;
                    int at = step * chunk;
                    done.add(pool.submit(() -> {
                        writers.get(stream).write(records.get(stream), at, chunk);
                        read.get(stream).write(readers.get(stream).readNBytes(chunk));
                        byte[] oneShot = records.get(stream);
                        assertThat(V1.decrypt(keys.get(stream), NEXT_VERSION,
                                V1.encrypt(keys.get(stream), NEXT_VERSION, oneShot))).isEqualTo(oneShot);
                        return null;
                    }));
                }
                for (Future<?> future : done) {
                    future.get(2, TimeUnit.MINUTES);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < streams; i++) {
            writers.get(i).close();
            assertThat(readers.get(i).read()).isEqualTo(-1);
            assertThat(small.decrypt(keys.get(i), RECORD, sinks.get(i).toByteArray())).isEqualTo(records.get(i));
            assertThat(read.get(i).toByteArray()).isEqualTo(records.get(i));
        }
    }
}
