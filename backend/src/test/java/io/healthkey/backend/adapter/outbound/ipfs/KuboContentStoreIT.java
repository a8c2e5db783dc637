package io.healthkey.backend.adapter.outbound.ipfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.web.reactive.function.client.WebClient;

import io.healthkey.backend.domain.content.StoredContent;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.support.LocalStack;
import io.healthkey.backend.support.LocalStackExtension;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.content.ContentVectors;
import reactor.core.publisher.Flux;

/** Both content stores against a real Kubo v0.43.0 node (offline, loopback), and the oracle's vectors. */
@ExtendWith(LocalStackExtension.class)
class KuboContentStoreIT {

    static final int CHUNK = 262_144;

    @TempDir
    Path dataDir;

    KuboContentStore kubo;

    @BeforeEach
    void kubo() {
        kubo = store(LocalStack.shared().ipfsApiUrl());
    }

    static KuboContentStore store(URI apiUrl) {
        return store(apiUrl, new SimpleMeterRegistry());
    }

    static KuboContentStore store(URI apiUrl, MeterRegistry meters) {
        return ContentStoreConfiguration.kubo(
                new IpfsProperties(apiUrl, Duration.ofSeconds(30), IpfsProperties.Store.KUBO), WebClient.builder(),
                meters);
    }

    static Stream<Named<ContentVectors.Vector>> kuboVectors() {
        return ContentVectors.named().filter(named -> named.getPayload().isKuboLayout());
    }

    static Flux<DataBuffer> contentOf(ContentVectors.Vector vector) {
        return Flux.fromStream(() -> vector.content(64 * 1024)).map(DefaultDataBufferFactory.sharedInstance::wrap);
    }

    @ParameterizedTest
    @MethodSource("kuboVectors")
    void kuboAddGivesTheOracleCidAndTheEmbeddedStoreTheSame(ContentVectors.Vector vector) {
        StoredContent inKubo = kubo.put(contentOf(vector)).block();
        StoredContent embedded = new EmbeddedContentStore(dataDir).put(contentOf(vector)).block();

        assertThat(inKubo.cid()).hasToString(vector.cid()).isEqualTo(embedded.cid());
        assertThat(inKubo.size()).isEqualTo(vector.size()).isEqualTo(embedded.size());
        assertThat(kubo.isPinned(inKubo.cid()).block()).isTrue();
    }

    @Test
    void readsAMultiLevelDagBackBlockByBlockVerified() {
        ContentVectors.Vector vector = ContentVectors.named("174 chunks and one byte: two levels");
        Cid cid = kubo.put(contentOf(vector)).block().cid();

        assertThat(Content.sha256Hex(kubo.get(cid))).isEqualTo(Content.sha256HexOfBuffers(contentOf(vector)));
    }

    @Test
    void readsWhatItStoresForSmallAndOddSizes() {
        for (long size : new long[] {0, 1, CHUNK - 1, CHUNK + 1, 2 * CHUNK + 12_345}) {
            Cid cid = kubo.put(Content.pseudoRandom("odd " + size, size)).block().cid();
            assertThat(Content.sha256Hex(kubo.get(cid))).as("size %d", size)
                    .isEqualTo(Content.sha256HexOfBuffers(Content.pseudoRandom("odd " + size, size)));
        }
    }

    @Test
    void unpinsIdempotentlyAndPinsAgain() {
        Cid cid = kubo.put(Content.pseudoRandom("pins", 3 * CHUNK)).block().cid();
        assertThat(kubo.isPinned(cid).block()).isTrue();

        kubo.unpin(cid).block();
        assertThat(kubo.isPinned(cid).block()).isFalse();
        kubo.unpin(cid).block();

        kubo.pin(cid).block();
        assertThat(kubo.isPinned(cid).block()).isTrue();
    }

    @Test
    void pushesEmbeddedContentToKuboUnderTheSameCid() {
        EmbeddedContentStore embedded = new EmbeddedContentStore(dataDir);
        long size = 174L * CHUNK + 100_000;   // two levels
        Cid cid = embedded.put(Content.pseudoRandom("push", size)).block().cid();
        assertThatThrownBy(() -> kubo.get(cid).blockLast()).isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code()).isEqualTo("CONTENT-0004");

        assertThat(embedded.push(cid, kubo).block()).isEqualTo(cid);

        assertThat(kubo.isPinned(cid).block()).isTrue();
        assertThat(Content.sha256Hex(kubo.get(cid))).isEqualTo(Content.sha256HexOfBuffers(Content.pseudoRandom("push", size)));
        assertThat(kubo.put(Content.pseudoRandom("push", size)).block().cid()).isEqualTo(cid);
    }

    @Test
    void timesEveryRpcCallByCallAndOutcome() throws IOException {
        MeterRegistry meters = new SimpleMeterRegistry();
        KuboContentStore timed = store(LocalStack.shared().ipfsApiUrl(), meters);
        long size = 2L * CHUNK + 1;
        Cid cid = timed.put(Content.pseudoRandom("timed", size)).block().cid();
        assertThat(Content.sha256Hex(timed.get(cid))).isEqualTo(Content.sha256HexOfBuffers(Content.pseudoRandom("timed", size)));
        timed.pin(cid).block();
        String unique = "never added " + System.nanoTime();
        Cid notInKubo = new EmbeddedContentStore(dataDir).put(Content.pseudoRandom(unique, 10)).block().cid();
        assertThatThrownBy(() -> timed.get(notInKubo).blockLast()).isInstanceOf(DomainException.class);

        assertThat(timer(meters, "add", "success").count()).isEqualTo(1);
        assertThat(timer(meters, "add", "success").totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(timer(meters, "block/get", "success").count()).isEqualTo(4);   // the root and three leaves
        assertThat(timer(meters, "pin/add", "success").count()).isEqualTo(1);
        assertThat(timer(meters, "block/get", "error").count()).isEqualTo(1);

        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertThatThrownBy(() -> store(URI.create("http://127.0.0.1:" + port), meters).pin(cid).block())
                .isInstanceOf(DomainException.class);
        assertThat(timer(meters, "pin/add", "unreachable").count()).isEqualTo(1);
    }

    private static Timer timer(MeterRegistry meters, String call, String outcome) {
        return meters.get(KuboRpcMetrics.LATENCY).tag("call", call).tag("outcome", outcome).timer();
    }

    @ParameterizedTest
    @MethodSource("callerFailures")
    void aFailureOfTheUploadedStreamComesOutAsItselfAndIsNotTimedAsAnUnreachableNode(DomainException refused) {
        MeterRegistry meters = new SimpleMeterRegistry();
        KuboContentStore timed = store(LocalStack.shared().ipfsApiUrl(), meters);
        Flux<DataBuffer> refusedAfterThreeChunks = Content.pseudoRandom("refused", 3L * CHUNK)
                .concatWith(Flux.error(refused));

        assertThatThrownBy(() -> timed.put(refusedAfterThreeChunks).block()).isSameAs(refused);
        assertThatThrownBy(() -> timed.put(Flux.error(refused)).block()).isSameAs(refused);

        assertThat(meters.find(KuboRpcMetrics.LATENCY).tag("outcome", "unreachable").timers()).isEmpty();
        assertThat(timer(meters, "add", KuboRpcMetrics.UPLOAD_FAILED).count()).isEqualTo(2);
        assertThat(timed.put(Content.pseudoRandom("after a refused upload", CHUNK + 1)).block()).isNotNull();
    }

    static Stream<Named<DomainException>> callerFailures() {
        return Stream.of(
                Named.of("not an envelope", new DomainException(ErrorCode.RECORD_INVALID_ENVELOPE, "not an envelope")),
                Named.of("over the size limit", new DomainException(ErrorCode.REQUEST_TOO_LARGE, "too large")));
    }

    @Test
    void answersUnavailableWhenNoNodeListens() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        KuboContentStore down = store(URI.create("http://127.0.0.1:" + port));
        Cid cid = Cid.parse("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");

        assertThatThrownBy(() -> down.put(Content.of("hello world".getBytes())).block()).isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code()).isEqualTo("CONTENT-0001");
        assertThatThrownBy(() -> down.get(cid).blockLast()).isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code()).isEqualTo("CONTENT-0001");
        assertThatThrownBy(() -> down.isPinned(cid).block()).isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).errorCode().category().name()).isEqualTo("UNAVAILABLE");
    }

    @Test
    void recordsKeptInTheEmbeddedStoreArePushedToKuboOnceUnderTheSameCid(@TempDir Path dataDir) {
        EmbeddedContentStore embedded = new EmbeddedContentStore(dataDir);
        byte[] bytes = new byte[3 * CHUNK + 123];
        new java.util.Random(42).nextBytes(bytes);
        Cid cid = embedded.put(Content.of(bytes)).block().cid();

        assertThat(EmbeddedToKuboPush.pushAll(embedded, kubo).block()).isEqualTo(1);

        assertThat(kubo.isPinned(cid).block()).isTrue();
        assertThat(Content.sha256Hex(kubo.get(cid))).isEqualTo(Content.sha256HexOfBuffers(Content.of(bytes)));
        assertThat(embedded.isPinned(cid).block()).isFalse();
        assertThat(EmbeddedToKuboPush.pushAll(embedded, kubo).block()).isZero();
    }
}
