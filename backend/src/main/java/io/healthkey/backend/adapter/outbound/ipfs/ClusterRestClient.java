package io.healthkey.backend.adapter.outbound.ipfs;

import java.time.Duration;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.reactive.function.client.WebClient;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.content.Cid;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The few calls of IPFS Cluster's REST API the cluster store needs. Uploads stream as Kubo's do
 * ({@link MultipartUpload}); errors map as Kubo's ({@link KuboErrors}: unreachable {@code CONTENT-0001}, an error
 * answer {@code CONTENT-0002}, a pin the cluster does not know {@code CONTENT-0004}), except that a cluster without
 * enough live peers for the replication asked is {@code CONTENT-0007}.
 */
final class ClusterRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the cluster's allocator says when fewer peers than replication-min can take a pin. */
    private static final String NOT_ENOUGH_PEERS = "not enough peers to allocate";

    /** How many peers report {@code cid} pinned, and how many it is allocated to. */
    record PinStatus(int pinned, int allocated) {
    }

    /** Cluster peers that answer, of those the peer asked knows. */
    record PeerCount(int up, int known) {
    }

    private final WebClient http;
    private final Duration timeout;
    private final int replicationMin;
    private final int replicationMax;

    ClusterRestClient(WebClient http, Duration timeout, int replicationMin, int replicationMax) {
        this.http = Objects.requireNonNull(http);
        this.timeout = Objects.requireNonNull(timeout);
        this.replicationMin = replicationMin;
        this.replicationMax = replicationMax;
    }

    /**
     * {@code /add} with the parameters of {@code ipfs add --cid-version=1 --raw-leaves} and the configured
     * replication: the peer asked sends the blocks to every allocated peer's Kubo, then pins. Answers the root.
     */
    Mono<Cid> add(Flux<DataBuffer> content) {
        return MultipartUpload.post(http, uri -> uri.path("/add")
                        .queryParam("cid-version", 1).queryParam("raw-leaves", true)
                        .queryParam("chunker", "size-262144").queryParam("hash", "sha2-256")
                        .queryParam("stream-channels", false)
                        .queryParam("replication-min", replicationMin).queryParam("replication-max", replicationMax)
                        .build(), content)
                .map(ClusterRestClient::rootOfAdd)
                .onErrorMap(ClusterRestClient::notEnoughPeers);
    }

    /** {@code GET /pins/{cid}}: the cluster-wide status. */
    Mono<PinStatus> status(Cid cid) {
        return http.get().uri("/pins/{cid}", cid.toString())
                .exchangeToMono(KuboRpcClient::json)
                .timeout(timeout)
                .map(ClusterRestClient::pinStatus)
                .onErrorMap(KuboErrors::map);
    }

    /** {@code POST /pins/{cid}} with the configured replication; the cluster fetches what its peers lack. */
    Mono<Void> pin(Cid cid) {
        return http.post().uri(uri -> uri.path("/pins/{cid}")
                        .queryParam("replication-min", replicationMin).queryParam("replication-max", replicationMax)
                        .build(cid.toString()))
                .exchangeToMono(KuboRpcClient::json)
                .timeout(timeout)
                .onErrorMap(KuboErrors::map)
                .onErrorMap(ClusterRestClient::notEnoughPeers)
                .then();
    }

    /** {@code DELETE /pins/{cid}}; completes also when the cluster does not hold it. */
    Mono<Void> unpin(Cid cid) {
        return http.delete().uri("/pins/{cid}", cid.toString())
                .exchangeToMono(KuboRpcClient::json)
                .timeout(timeout)
                .onErrorMap(KuboErrors::map)
                .then()
                .onErrorResume(ClusterRestClient::isUnknownPin, e -> Mono.empty());
    }

    /** {@code GET /peers}: one JSON object per line, with an empty {@code error} for a peer that answered. */
    Mono<PeerCount> peers() {
        return http.get().uri("/peers")
                .exchangeToMono(MultipartUpload::text)
                .timeout(timeout)
                .map(ClusterRestClient::peerCount)
                .onErrorMap(KuboErrors::map);
    }

    static boolean isUnknownPin(Throwable error) {
        return error instanceof DomainException e && e.errorCode() == ErrorCode.CONTENT_NOT_FOUND;
    }

    private static Throwable notEnoughPeers(Throwable error) {
        if (error instanceof DomainException e && e.errorCode() == ErrorCode.CONTENT_UPSTREAM_ERROR
                && e.getMessage() != null && e.getMessage().contains(NOT_ENOUGH_PEERS)) {
            return new DomainException(ErrorCode.CONTENT_REPLICATION_NOT_REACHED,
                    "IPFS Cluster has too few live peers for the replication asked", e);
        }
        return error;
    }

    /** With {@code stream-channels=false} the answer is a JSON array of added items; one file: the last is its root. */
    private static Cid rootOfAdd(String body) {
        try {
            JsonNode items = JSON.readTree(body);
            JsonNode last = items != null && items.isArray() && !items.isEmpty() ? items.get(items.size() - 1) : null;
            if (last == null || !last.path("cid").isTextual()) {
                throw new DomainException(ErrorCode.CONTENT_UPSTREAM_ERROR, "IPFS Cluster add answered no root");
            }
            return Cid.parse(last.path("cid").asText());
        } catch (DomainException e) {
            throw e;
        } catch (Exception e) {
            throw new DomainException(ErrorCode.CONTENT_UPSTREAM_ERROR, "IPFS Cluster add answered an unreadable root", e);
        }
    }

    private static PinStatus pinStatus(JsonNode info) {
        int pinned = 0;
        for (JsonNode peer : info.path("peer_map")) {
            if ("pinned".equals(peer.path("status").asText())) {
                pinned++;
            }
        }
        return new PinStatus(pinned, info.path("allocations").size());
    }

    private static PeerCount peerCount(String ndjson) {
        int up = 0;
        int known = 0;
        for (String line : ndjson.lines().filter(line -> !line.isBlank()).toList()) {
            try {
                JsonNode peer = JSON.readTree(line);
                known++;
                if (peer.path("error").asText("").isEmpty()) {
                    up++;
                }
            } catch (Exception e) {
                throw new DomainException(ErrorCode.CONTENT_UPSTREAM_ERROR, "IPFS Cluster listed peers unreadably", e);
            }
        }
        return new PeerCount(up, known);
    }
}
