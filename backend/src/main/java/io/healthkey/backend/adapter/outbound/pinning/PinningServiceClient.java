package io.healthkey.backend.adapter.outbound.pinning;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A client of the IPFS Pinning Service API v1.0.0 (ipfs/pinning-services-api-spec, {@code ipfs-pinning-service.yaml}):
 * {@code POST /pins}, {@code GET /pins?cid=}, {@code GET}/{@code POST}/{@code DELETE /pins/{requestid}}, with the
 * bearer token on every call. Every call is bounded by the timeout; an error answer fails with a
 * {@link PinningServiceException} carrying the spec's {@code error.reason}, an unreadable answer likewise.
 */
final class PinningServiceClient {

    /** Every status: without a {@code status} filter the spec lists {@code pinned} requests only. */
    private static final String ANY_STATUS = "queued,pinning,pinned,failed";
    /** The spec's largest page. */
    private static final int PAGE = 1000;
    /** Pages read for one CID at most: a service that keeps answering full pages is not followed for ever. */
    private static final int MAX_PAGES = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final WebClient http;
    private final Duration timeout;

    /** {@code http} has the service's endpoint as base URL and its token in the {@code Authorization} header. */
    PinningServiceClient(String name, WebClient http, Duration timeout) {
        this.name = name;
        this.http = http;
        this.timeout = timeout;
    }

    /** What the client sends: the spec's {@code Pin}. */
    record Pin(String cid, String name, List<String> origins, Map<String, String> meta) {
    }

    /** {@code POST /pins}: a new pin request. */
    Mono<PinStatus> add(Pin pin) {
        return call(http.post().uri("/pins").contentType(MediaType.APPLICATION_JSON).bodyValue(body(pin)))
                .map(this::pinStatus);
    }

    /** {@code GET /pins?cid=}: every request for {@code cid}, whatever its status, newest first. */
    Flux<PinStatus> find(String cid) {
        return page(cid, Optional.empty(), 1).flatMapIterable(statuses -> statuses);
    }

    /** {@code GET /pins/{requestid}}. */
    Mono<PinStatus> get(String requestId) {
        return call(http.get().uri("/pins/{id}", requestId)).map(this::pinStatus);
    }

    /** {@code POST /pins/{requestid}}: replaces a request (a failed one, say) without unpinning in between. */
    Mono<PinStatus> replace(String requestId, Pin pin) {
        return call(http.post().uri("/pins/{id}", requestId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body(pin))).map(this::pinStatus);
    }

    /** {@code DELETE /pins/{requestid}}. */
    Mono<Void> delete(String requestId) {
        return call(http.delete().uri("/pins/{id}", requestId)).then();
    }

    /** One page, then the next ones (older than the oldest seen) while the service counts more than it sent. */
    private Mono<List<PinStatus>> page(String cid, Optional<Instant> before, int number) {
        return call(http.get().uri(uri -> {
                    uri.path("/pins").queryParam("cid", cid).queryParam("status", ANY_STATUS)
                            .queryParam("limit", PAGE);
                    before.ifPresent(instant -> uri.queryParam("before", instant.toString()));
                    return uri.build();
                }))
                .flatMap(results -> {
                    List<PinStatus> statuses = new ArrayList<>();
                    results.path("results").forEach(result -> statuses.add(pinStatus(result)));
                    long count = results.path("count").asLong(statuses.size());
                    if (statuses.isEmpty() || count <= statuses.size() || number >= MAX_PAGES) {
                        return Mono.just(statuses);
                    }
                    Instant oldest = statuses.stream().map(PinStatus::created).min(Instant::compareTo).orElseThrow();
                    return page(cid, Optional.of(oldest), number + 1).map(rest -> {
                        statuses.addAll(rest);
                        return statuses;
                    });
                });
    }

    private Mono<JsonNode> call(WebClient.RequestHeadersSpec<?> request) {
        return request.exchangeToMono(this::json).timeout(timeout);
    }

    private Mono<JsonNode> json(ClientResponse response) {
        HttpStatusCode status = response.statusCode();
        return response.bodyToMono(String.class).defaultIfEmpty("").map(body -> {
            if (status.isError()) {
                throw new PinningServiceException(name, status.value(), reason(body));
            }
            try {
                return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (Exception e) {
                throw new PinningServiceException(name, "answered malformed JSON", null);
            }
        });
    }

    private PinStatus pinStatus(JsonNode node) {
        try {
            return new PinStatus(node.get("requestid").asText(), PinStatus.Status.parse(node.get("status").asText()),
                    Instant.parse(node.get("created").asText()), node.get("pin").get("cid").asText());
        } catch (RuntimeException e) {
            throw new PinningServiceException(name, "answered a PinStatus without requestid, status, created or "
                    + "pin.cid as the spec has them", null);
        }
    }

    private static String body(Pin pin) {
        ObjectNode body = JSON.createObjectNode().put("cid", pin.cid()).put("name", pin.name());
        pin.origins().forEach(body.putArray("origins")::add);
        ObjectNode meta = body.putObject("meta");
        pin.meta().forEach(meta::put);
        return body.toString();
    }

    /** The spec's {@code Failure.error.reason}, if it is a short identifier (nothing else is repeated). */
    private static Optional<String> reason(String body) {
        try {
            String reason = JSON.readTree(body).path("error").path("reason").asText("");
            return reason.matches("[A-Za-z0-9_]{1,64}") ? Optional.of(reason) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
