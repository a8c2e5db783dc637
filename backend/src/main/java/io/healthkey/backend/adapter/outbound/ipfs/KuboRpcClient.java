package io.healthkey.backend.adapter.outbound.ipfs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriBuilder;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.content.Codec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The few Kubo RPC calls the content store needs, all {@code POST} (Kubo refuses {@code GET}), all streaming:
 * uploads go out as a chunked multipart body, blocks come back one at a time. Failures are mapped by
 * {@link KuboErrors}: an unreachable node is {@code CONTENT-0001}, an error answer {@code CONTENT-0002} (or
 * {@code CONTENT-0004} for a missing block); a failure of the uploaded stream itself is passed on unchanged.
 */
final class KuboRpcClient {

    /** Larger than any block HealthKey writes (256 KiB leaves, nodes of 174 links); Kubo's own limit is 2 MiB. */
    static final int MAX_BLOCK_SIZE = 2 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What {@code add} answered for the root: its CID and cumulative DAG size. */
    record Added(Cid cid, long dagSize) {
    }

    private final WebClient http;
    private final Duration timeout;
    /** Whether block/get looks in the node's own blockstore only (Kubo's {@code offline} option), not the swarm. */
    private final boolean ownBlocksOnly;

    KuboRpcClient(WebClient http, Duration timeout) {
        this(http, timeout, false);
    }

    private KuboRpcClient(WebClient http, Duration timeout, boolean ownBlocksOnly) {
        this.http = Objects.requireNonNull(http);
        this.timeout = Objects.requireNonNull(timeout);
        this.ownBlocksOnly = ownBlocksOnly;
    }

    /**
     * A client whose {@code block/get} answers from the node's own blockstore only, so that a block the node lacks
     * is "not found" at once instead of a wait for the swarm: for readers that ask each replica themselves.
     */
    static KuboRpcClient ownBlocksOnly(WebClient http, Duration timeout) {
        return new KuboRpcClient(http, timeout, true);
    }

    /**
     * {@code add} with the parameters of {@code ipfs add --cid-version=1 --raw-leaves}, pinned. If {@code content}
     * fails, the call fails with that very failure (see {@link UploadFailure}), whatever the transport made of it.
     */
    Mono<Added> add(Flux<DataBuffer> content) {
        return MultipartUpload.post(http, uri -> uri.path("/api/v0/add")
                        .queryParam("cid-version", 1).queryParam("raw-leaves", true)
                        .queryParam("chunker", "size-262144").queryParam("hash", "sha2-256")
                        .queryParam("pin", true).queryParam("cid-base", "base32").build(), content)
                .map(KuboRpcClient::lastAddLine);
    }

    /** The block's bytes, unverified (the caller checks them against {@code cid}). */
    Mono<byte[]> blockGet(Cid cid) {
        return http.post().uri(uri -> withArg(uri.path("/api/v0/block/get"), cid)
                        .queryParamIfPresent("offline", ownBlocksOnly ? Optional.of(true) : Optional.empty())
                        .build())
                .exchangeToMono(response -> {
                    if (response.statusCode().isError()) {
                        return MultipartUpload.error(response);
                    }
                    return VerifiedDagReader.blockBody(response.bodyToFlux(DataBuffer.class));
                })
                .timeout(timeout)
                .onErrorMap(KuboErrors::map);
    }

    /** Writes one block; fails with {@code CONTENT-0003} unless Kubo files it under {@code cid}. */
    Mono<Void> blockPut(Cid cid, byte[] block) {
        MultipartBodyBuilder body = new MultipartBodyBuilder();
        body.part("file", block, MediaType.APPLICATION_OCTET_STREAM).filename("block");
        return http.post().uri(uri -> uri.path("/api/v0/block/put")
                        .queryParam("cid-codec", cid.codec() == Codec.RAW ? "raw" : "dag-pb")
                        .queryParam("mhtype", "sha2-256").queryParam("mhlen", 32).build())
                .body(BodyInserters.fromMultipartData(body.build()))
                .exchangeToMono(KuboRpcClient::json)
                .timeout(timeout)
                .flatMap(answer -> cid.toString().equals(answer.path("Key").asText()) ? Mono.<Void>empty()
                        : Mono.error(new DomainException(ErrorCode.CONTENT_INTEGRITY,
                                "IPFS node stored the block as " + answer.path("Key").asText() + ", not " + cid)))
                .onErrorMap(KuboErrors::map);
    }

    Mono<Void> pinAdd(Cid cid) {
        return call("/api/v0/pin/add", cid).then();
    }

    Mono<Void> pinRm(Cid cid) {
        return call("/api/v0/pin/rm", cid).then().onErrorResume(KuboErrors::isNotPinned, e -> Mono.empty());
    }

    Mono<Boolean> isPinned(Cid cid) {
        return http.post().uri(uri -> withArg(uri.path("/api/v0/pin/ls"), cid).queryParam("type", "recursive").build())
                .exchangeToMono(KuboRpcClient::json)
                .timeout(timeout)
                .map(answer -> answer.path("Keys").has(cid.toString()))
                .onErrorMap(KuboErrors::map)
                .onErrorResume(KuboErrors::isNotPinned, e -> Mono.just(false));
    }

    /** The node's swarm addresses on the loopback interface, each ending in {@code /p2p/<peer id>}. */
    Mono<List<String>> loopbackSwarmAddresses() {
        return http.post().uri("/api/v0/id")
                .exchangeToMono(KuboRpcClient::json)
                .timeout(timeout)
                .map(answer -> {
                    List<String> addresses = new ArrayList<>();
                    answer.path("Addresses").forEach(address -> {
                        String text = address.asText();
                        if (text.startsWith("/ip4/127.0.0.1/") && text.contains("/p2p/")) {
                            addresses.add(text);
                        }
                    });
                    return List.copyOf(addresses);
                })
                .onErrorMap(KuboErrors::map);
    }

    private Mono<JsonNode> call(String path, Cid cid) {
        return http.post().uri(uri -> withArg(uri.path(path), cid).build())
                .exchangeToMono(KuboRpcClient::json)
                .timeout(timeout)
                .onErrorMap(KuboErrors::map);
    }

    private static UriBuilder withArg(UriBuilder uri, Cid cid) {
        return uri.queryParam("arg", cid.toString());
    }

    static Mono<JsonNode> json(ClientResponse response) {
        return MultipartUpload.text(response).map(body -> {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new DomainException(ErrorCode.CONTENT_UPSTREAM_ERROR, "IPFS node answered malformed JSON", e);
            }
        });
    }

    /** {@code add} answers one JSON object per line; with one file the last one is its root. */
    private static Added lastAddLine(String ndjson) {
        String last = ndjson.lines().filter(line -> !line.isBlank()).reduce((a, b) -> b)
                .orElseThrow(() -> new DomainException(ErrorCode.CONTENT_UPSTREAM_ERROR, "IPFS add answered nothing"));
        try {
            JsonNode root = JSON.readTree(last);
            return new Added(Cid.parse(root.path("Hash").asText()), Long.parseLong(root.path("Size").asText("0")));
        } catch (Exception e) {
            throw new DomainException(ErrorCode.CONTENT_UPSTREAM_ERROR, "IPFS add answered an unreadable root", e);
        }
    }
}
