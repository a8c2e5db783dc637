package io.healthkey.backend.adapter.outbound.ipfs;

import static io.healthkey.backend.adapter.outbound.ipfs.KuboContentStoreTest.CHUNK;
import static io.healthkey.backend.adapter.outbound.ipfs.KuboContentStoreTest.content;
import static io.healthkey.backend.adapter.outbound.ipfs.KuboContentStoreTest.importBlocks;
import static io.healthkey.backend.adapter.outbound.ipfs.KuboContentStoreTest.kuboError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.client.reactive.MockClientHttpRequest;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.util.UriComponentsBuilder;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.content.Codec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The cluster store against scripted peers and a scripted cluster REST API (the HTTP boundaries only): reads that
 * pass over a peer that is down or answers wrong bytes, uploads answered only once replicated. Real peers are in
 * fault/ClusterPeerLossIT.
 */
class ClusterContentStoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final byte[] CONTENT = content(3 * CHUNK + 17);

    private final List<URI> wrongBlocksFrom = new ArrayList<>();
    private final Cid[] root = new Cid[1];
    private final Map<Cid, byte[]> blocks = importBlocks(CONTENT, root);
    private final Cid thirdLeaf = Cid.ofBlock(Codec.RAW, Arrays.copyOfRange(CONTENT, 2 * CHUNK, 3 * CHUNK));

    /** A peer's Kubo serving {@code served} on block/get (offline, as the store asks), or failing every call. */
    private static PeerBlockSource.Peer peer(String name, Map<Cid, byte[]> served) {
        WebClient http = WebClient.builder().baseUrl("http://" + name + ".invalid").exchangeFunction(request -> {
            if (served == null) {
                return Mono.error(new WebClientRequestException(new ConnectException("refused"), request.method(),
                        request.url(), new HttpHeaders()));
            }
            var query = UriComponentsBuilder.fromUri(request.url()).build().getQueryParams();
            assertThat(query.getFirst("offline")).isEqualTo("true");
            byte[] block = served.get(Cid.parse(query.getFirst("arg")));
            return Mono.just(block == null ? kuboError("block was not found locally (offline): ipld: could not find")
                    : ClientResponse.create(HttpStatus.OK)
                            .body(Flux.just((DataBuffer) DefaultDataBufferFactory.sharedInstance.wrap(block))).build());
        }).build();
        return new PeerBlockSource.Peer(URI.create("http://" + name + ".invalid"),
                KuboRpcClient.ownBlocksOnly(http, TIMEOUT));
    }

    private ClusterContentStore store(Function<ClientRequest, Mono<ClientResponse>> clusterApi,
            PeerBlockSource.Peer... peers) {
        WebClient api = WebClient.builder().baseUrl("http://cluster.invalid").exchangeFunction(clusterApi::apply).build();
        return new ClusterContentStore(new ClusterRestClient(api, TIMEOUT, 2, 3),
                new PeerBlockSource(List.of(peers), wrongBlocksFrom::add), 2, Duration.ofMillis(400), Duration.ofMillis(20));
    }

    private static Function<ClientRequest, Mono<ClientResponse>> noClusterCalls() {
        return request -> Mono.error(new AssertionError("unexpected cluster call " + request.url()));
    }

    private Map<Cid, byte[]> withThirdLeafTampered() {
        Map<Cid, byte[]> tampered = new HashMap<>(blocks);
        byte[] wrong = blocks.get(thirdLeaf).clone();
        wrong[wrong.length - 1] ^= 0x01;
        tampered.put(thirdLeaf, wrong);
        return tampered;
    }

    private static String code(Throwable error) {
        return ((DomainException) error).code();
    }

    @Test
    void readsEveryBlockFromTheNextPeerWhenTheFirstIsDown() {
        ClusterContentStore store = store(noClusterCalls(), peer("down", null), peer("up", blocks));

        assertThat(Content.sha256Hex(store.get(root[0]))).isEqualTo(Content.sha256HexOfBuffers(Content.of(CONTENT)));
    }

    @Test
    void passesOverAPeerAnsweringAWrongBlockAndServesOnlyTheRightBytes() {
        ClusterContentStore store = store(noClusterCalls(), peer("liar", withThirdLeafTampered()), peer("honest", blocks));

        assertThat(Content.sha256Hex(store.get(root[0]))).isEqualTo(Content.sha256HexOfBuffers(Content.of(CONTENT)));
        assertThat(wrongBlocksFrom).containsExactly(URI.create("http://liar.invalid"));
    }

    @Test
    void failsWithIntegrityBeforeEmittingAWrongBlockWhenNoPeerHasTheRightOne() {
        Map<Cid, byte[]> tampered = withThirdLeafTampered();
        ClusterContentStore store = store(noClusterCalls(), peer("liar", tampered), peer("down", null),
                peer("lacks", Map.of()));

        List<ByteBuffer> emitted = new ArrayList<>();
        assertThatThrownBy(() -> store.get(root[0]).doOnNext(emitted::add).blockLast())
                .isInstanceOf(DomainException.class).extracting(ClusterContentStoreTest::code).isEqualTo("CONTENT-0003");
        assertThat(emitted).hasSize(2).allSatisfy(buffer -> assertThat(buffer.remaining()).isEqualTo(CHUNK));
    }

    @Test
    void reportsNotFoundOnlyWhenEveryPeerLacksTheBlockAndUnavailableWhenOneCouldNotBeAsked() {
        assertThatThrownBy(() -> store(noClusterCalls(), peer("a", Map.of()), peer("b", Map.of())).get(root[0]).blockLast())
                .extracting(ClusterContentStoreTest::code).isEqualTo("CONTENT-0004");
        assertThatThrownBy(() -> store(noClusterCalls(), peer("a", Map.of()), peer("down", null)).get(root[0]).blockLast())
                .extracting(ClusterContentStoreTest::code).isEqualTo("CONTENT-0001");
    }

    /** A cluster REST API that takes the whole upload, names {@code root}, and reports it pinned on {@code pinned}. */
    private Function<ClientRequest, Mono<ClientResponse>> clusterReporting(Cid named, Function<Integer, Integer> pinned,
            AtomicInteger statusCalls) {
        return request -> {
            String path = request.url().getPath();
            if (path.equals("/add")) {
                var query = UriComponentsBuilder.fromUri(request.url()).build().getQueryParams();
                assertThat(query.getFirst("replication-min")).isEqualTo("2");
                assertThat(query.getFirst("cid-version")).isEqualTo("1");
                MockClientHttpRequest sent = new MockClientHttpRequest(request.method(), request.url());
                return request.writeTo(sent, ExchangeStrategies.withDefaults()).then(Mono.defer(sent::getBodyAsString))
                        .map(body -> json(HttpStatus.OK, "[{\"name\":\"content\",\"cid\":\"" + named + "\"}]"));
            }
            if (path.equals("/pins/" + named)) {
                int n = pinned.apply(statusCalls.incrementAndGet());
                StringBuilder peerMap = new StringBuilder();
                for (int i = 0; i < 3; i++) {
                    peerMap.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":{\"status\":\"")
                            .append(i < n ? "pinned" : "pinning").append("\"}");
                }
                return Mono.just(json(HttpStatus.OK, "{\"cid\":\"" + named + "\",\"allocations\":[\"p0\",\"p1\",\"p2\"],"
                        + "\"peer_map\":{" + peerMap + "}}"));
            }
            return Mono.just(json(HttpStatus.NOT_FOUND, "{\"code\":404,\"message\":\"not found\"}"));
        };
    }

    private static ClientResponse json(HttpStatus status, String body) {
        return ClientResponse.create(status).header("Content-Type", MediaType.APPLICATION_JSON_VALUE).body(body).build();
    }

    @Test
    void answersAnUploadOnlyOnceReplicationMinPeersReportItPinned() {
        AtomicInteger statusCalls = new AtomicInteger();
        ClusterContentStore store = store(clusterReporting(root[0], call -> call < 3 ? 1 : 2, statusCalls),
                peer("a", blocks));

        assertThat(store.put(Content.of(CONTENT)).block().cid()).isEqualTo(root[0]);
        assertThat(statusCalls).hasValue(3);
    }

    @Test
    void failsAnUploadWithReplicationNotReachedWhenTooFewPeersPinItInTime() {
        ClusterContentStore store = store(clusterReporting(root[0], call -> 1, new AtomicInteger()), peer("a", blocks));

        assertThatThrownBy(() -> store.put(Content.of(CONTENT)).block())
                .extracting(ClusterContentStoreTest::code).isEqualTo("CONTENT-0007");
    }

    @Test
    void failsAnUploadWithReplicationNotReachedWhenTheClusterHasTooFewPeersToAllocate() {
        ClusterContentStore store = store(request -> Mono.just(json(HttpStatus.INTERNAL_SERVER_ERROR,
                "{\"code\":500,\"message\":\"not enough peers to allocate CID. Needed at least: 2.\"}")), peer("a", blocks));

        assertThatThrownBy(() -> store.put(Content.of(CONTENT)).block())
                .extracting(ClusterContentStoreTest::code).isEqualTo("CONTENT-0007");
    }

    @Test
    void refusesAnUploadWhenTheClusterNamesAnotherRoot() {
        Cid other = Cid.ofBlock(Codec.RAW, new byte[] {1});
        ClusterContentStore store = store(clusterReporting(other, call -> 3, new AtomicInteger()), peer("a", blocks));

        assertThatThrownBy(() -> store.put(Content.of(CONTENT)).block())
                .extracting(ClusterContentStoreTest::code).isEqualTo("CONTENT-0003");
    }

    @Test
    void isPinnedOnlyWhenReplicationMinPeersHoldItAndFalseForAPinTheClusterDoesNotKnow() {
        Cid unknown = Cid.ofBlock(Codec.RAW, new byte[] {2});

        assertThat(store(clusterReporting(root[0], call -> 2, new AtomicInteger()), peer("a", blocks))
                .isPinned(root[0]).block()).isTrue();
        assertThat(store(clusterReporting(root[0], call -> 1, new AtomicInteger()), peer("a", blocks))
                .isPinned(root[0]).block()).isFalse();
        assertThat(store(clusterReporting(root[0], call -> 3, new AtomicInteger()), peer("a", blocks))
                .isPinned(unknown).block()).isFalse();
        store(clusterReporting(root[0], call -> 3, new AtomicInteger()), peer("a", blocks)).unpin(unknown).block();
    }
}
