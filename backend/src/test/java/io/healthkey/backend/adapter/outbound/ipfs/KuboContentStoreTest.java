package io.healthkey.backend.adapter.outbound.ipfs;

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
import java.util.Random;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.mock.http.client.reactive.MockClientHttpRequest;
import org.springframework.web.util.UriComponentsBuilder;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.support.TrackedBuffers;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.content.Codec;
import io.healthkey.protocol.content.UnixFsImporter;
import io.healthkey.protocol.content.UnixFsLayout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Kubo adapter against a scripted RPC API (the HTTP boundary only): what it does when the node answers
 * blocks that do not match, errors, or another root. Real-node behaviour is in KuboContentStoreIT.
 */
class KuboContentStoreTest {

    static final int CHUNK = 262_144;

    /** A fake Kubo RPC API serving {@code blocks} on block/get and answering everything else with {@code other}. */
    static KuboContentStore kubo(Map<Cid, byte[]> blocks, Function<ClientRequest, Mono<ClientResponse>> other) {
        WebClient http = WebClient.builder().baseUrl("http://kubo.invalid").exchangeFunction(request -> {
            URI url = request.url();
            if (url.getPath().equals("/api/v0/block/get")) {
                String arg = UriComponentsBuilder.fromUri(url).build().getQueryParams().getFirst("arg");
                byte[] block = blocks.get(Cid.parse(arg));
                if (block == null) {
                    return Mono.just(kuboError("block was not found locally (offline): ipld: could not find " + arg));
                }
                return Mono.just(ClientResponse.create(HttpStatus.OK)
                        .body(Flux.just((DataBuffer) DefaultDataBufferFactory.sharedInstance.wrap(block))).build());
            }
            return other.apply(request);
        }).build();
        return new KuboContentStore(new KuboRpcClient(http, Duration.ofSeconds(5)));
    }

    static ClientResponse kuboError(String message) {
        return ClientResponse.create(HttpStatus.INTERNAL_SERVER_ERROR).header("Content-Type", "application/json")
                .body("{\"Message\":\"" + message + "\",\"Code\":0,\"Type\":\"error\"}").build();
    }

    static Map<Cid, byte[]> importBlocks(byte[] content, Cid[] root) {
        Map<Cid, byte[]> blocks = new HashMap<>();
        UnixFsImporter importer = new UnixFsImporter(UnixFsLayout.KUBO, blocks::put);
        importer.write(content, 0, content.length);
        root[0] = importer.finish().cid();
        return blocks;
    }

    static byte[] content(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + i / 7);
        }
        return bytes;
    }

    @Test
    void readsBackTheContentWhenEveryBlockMatches() {
        byte[] content = content(3 * CHUNK + 17);
        Cid[] root = new Cid[1];
        KuboContentStore store = kubo(importBlocks(content, root), request -> Mono.just(kuboError("unexpected")));

        assertThat(Content.sha256Hex(store.get(root[0]))).isEqualTo(Content.sha256HexOfBuffers(Content.of(content)));
    }

    @Test
    void failsTheStreamBeforeEmittingAnyByteOfABlockThatDoesNotMatch() {
        byte[] content = content(3 * CHUNK + 17);
        Cid[] root = new Cid[1];
        Map<Cid, byte[]> blocks = importBlocks(content, root);
        Cid thirdLeaf = Cid.ofBlock(Codec.RAW, Arrays.copyOfRange(content, 2 * CHUNK, 3 * CHUNK));
        byte[] tampered = blocks.get(thirdLeaf).clone();
        tampered[tampered.length - 1] ^= 0x01;
        blocks.put(thirdLeaf, tampered);
        KuboContentStore store = kubo(blocks, request -> Mono.just(kuboError("unexpected")));

        List<ByteBuffer> emitted = new ArrayList<>();
        assertThatThrownBy(() -> store.get(root[0]).doOnNext(emitted::add).blockLast())
                .isInstanceOf(DomainException.class).extracting(e -> ((DomainException) e).code()).isEqualTo("CONTENT-0003");
        assertThat(emitted).hasSize(2).allSatisfy(buffer -> assertThat(buffer.remaining()).isEqualTo(CHUNK));
    }

    @Test
    void refusesARootThatHashesButIsNotAUnixFsFile() {
        byte[] notDagPb = "this is not protobuf".getBytes();
        Cid cid = Cid.ofBlock(Codec.DAG_PB, notDagPb);
        KuboContentStore store = kubo(Map.of(cid, notDagPb), request -> Mono.just(kuboError("unexpected")));

        assertThatThrownBy(() -> store.get(cid).blockLast())
                .isInstanceOf(DomainException.class).extracting(e -> ((DomainException) e).code()).isEqualTo("CONTENT-0005");
    }

    @Test
    void mapsAMissingBlockToNotFoundAndOtherKuboErrorsToUpstream() {
        KuboContentStore store = kubo(Map.of(), request -> Mono.just(kuboError("pin: invalid path")));
        Cid cid = Cid.parse("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");

        assertThatThrownBy(() -> store.get(cid).blockLast())
                .isInstanceOf(DomainException.class).extracting(e -> ((DomainException) e).code()).isEqualTo("CONTENT-0004");
        assertThatThrownBy(() -> store.pin(cid).block())
                .isInstanceOf(DomainException.class).extracting(e -> ((DomainException) e).code()).isEqualTo("CONTENT-0002");
    }

    /** A node that reads the whole upload and always answers the CID of the empty file. */
    private static KuboContentStore nodeNamingTheEmptyFile() {
        return kubo(Map.of(), request -> {
            MockClientHttpRequest sent = new MockClientHttpRequest(request.method(), request.url());
            return request.writeTo(sent, ExchangeStrategies.withDefaults()).then(Mono.defer(sent::getBodyAsString))
                    .map(body -> ClientResponse.create(HttpStatus.OK)
                            .header("Content-Type", MediaType.APPLICATION_JSON_VALUE)
                            .body("{\"Name\":\"content\",\"Hash\":"
                                    + "\"bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku\",\"Size\":\"0\"}\n")
                            .build());
        });
    }

    @Test
    void refusesAnUploadWhenTheNodeNamesAnotherRoot() {
        KuboContentStore store = nodeNamingTheEmptyFile();

        assertThat(store.put(Flux.empty()).block().cid())
                .hasToString("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
        assertThatThrownBy(() -> store.put(Content.of("hello world".getBytes())).block())
                .isInstanceOf(DomainException.class).extracting(e -> ((DomainException) e).code()).isEqualTo("CONTENT-0003");
    }

    @Test
    void everyPooledBufferOfAnUploadIsReleasedWhetherTheNodeTakesItOrFails() {
        TrackedBuffers buffers = new TrackedBuffers();
        byte[] content = new byte[3 * CHUNK + 5];
        new Random(3).nextBytes(content);

        assertThatThrownBy(() -> nodeNamingTheEmptyFile().put(buffers.pieces(content, 65_536)).block())
                .isInstanceOf(DomainException.class).extracting(e -> ((DomainException) e).code()).isEqualTo("CONTENT-0003");
        assertThatThrownBy(() -> kubo(Map.of(), request -> Mono.error(new ConnectException("refused")))
                        .put(buffers.pieces(content, 65_536)).block())
                .isInstanceOf(DomainException.class);

        assertThat(buffers.made()).isGreaterThanOrEqualTo(content.length / 65_536);
        buffers.assertAllReleased();
    }
}
