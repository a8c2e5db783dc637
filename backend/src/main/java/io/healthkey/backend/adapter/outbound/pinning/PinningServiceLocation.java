package io.healthkey.backend.adapter.outbound.pinning;

import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.healthkey.backend.adapter.outbound.ipfs.VerifiedDagReader;
import io.healthkey.backend.application.availability.ContentCheck;
import io.healthkey.backend.application.availability.PinState;
import io.healthkey.backend.application.availability.ReplicaLocationPort;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.content.Cid;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A remote pinning service as a replica location. Its pin state is the best status of its requests for the CID
 * ({@code pinned} over {@code pinning} over {@code queued} over {@code failed}; none is missing). Its blocks are
 * sampled through its Trustless Gateway, each checked by hash, when one is configured. A copy is a pin request with
 * our Kubo's loopback swarm addresses as {@code origins}: a new request, or the replacement of the newest existing
 * one (a failed request, or a service that says pinned but lost the blocks).
 */
final class PinningServiceLocation implements ReplicaLocationPort {

    private static final Comparator<PinState> BEST = Comparator.comparingInt(List.of(PinState.FAILED,
            PinState.QUEUED, PinState.PINNING, PinState.PINNED)::indexOf);
    private static final Map<String, String> META = Map.of("app", "healthkey");

    private final String name;
    private final PinningServiceClient client;
    private final Optional<TrustlessGateway> gateway;
    private final Supplier<Mono<List<String>>> origins;

    PinningServiceLocation(String name, PinningServiceClient client, Optional<TrustlessGateway> gateway,
            Supplier<Mono<List<String>>> origins) {
        this.name = name;
        this.client = client;
        this.gateway = gateway;
        this.origins = origins;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Mono<PinState> pinState(Cid cid) {
        return client.find(cid.toString())
                .filter(status -> status.cid().equals(cid.toString()))
                .map(status -> status.status().state())
                .reduce((a, b) -> BEST.compare(a, b) >= 0 ? a : b)
                .defaultIfEmpty(PinState.MISSING)
                .onErrorReturn(PinState.UNREACHABLE);
    }

    @Override
    public Mono<ContentCheck> checkContent(Cid cid) {
        if (gateway.isEmpty()) {
            return Mono.just(ContentCheck.NOT_CHECKED);
        }
        return read(cid).then(Mono.just(ContentCheck.INTACT))
                .onErrorResume(failure -> Mono.just(ContentCheck.ofFailure(failure)));
    }

    @Override
    public Flux<ByteBuffer> read(Cid cid) {
        return gateway.map(blocks -> new VerifiedDagReader(blocks::block).content(cid))
                .orElseGet(() -> Flux.error(new DomainException(ErrorCode.CONTENT_UNAVAILABLE,
                        "pinning service " + name + " has no retrieval gateway configured")));
    }

    @Override
    public Mono<Void> copyFrom(Cid cid, ReplicaLocationPort healthy) {
        return origins.get().flatMap(from -> {
            PinningServiceClient.Pin pin = new PinningServiceClient.Pin(cid.toString(), cid.toString(), from, META);
            return client.find(cid.toString())
                    .filter(status -> status.cid().equals(cid.toString()))
                    .next()
                    .flatMap(newest -> client.replace(newest.requestId(), pin))
                    .switchIfEmpty(Mono.defer(() -> client.add(pin)));
        }).then();
    }
}
