package io.healthkey.backend.adapter.outbound.pinning;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.availability.ReplicaLocationPort;

/** Builds the replica locations of the configured pinning services. */
public final class PinningServices {

    private PinningServices() {
    }

    /**
     * One location per configured service, in the configured order; {@code origins} answers the multiaddrs a service
     * fetches new content from (our Kubo's loopback swarm addresses).
     */
    public static List<ReplicaLocationPort> locations(PinningProperties properties, WebClient.Builder builder,
            Supplier<Mono<List<String>>> origins) {
        return properties.services().stream().map(service -> location(service, properties, builder, origins)).toList();
    }

    private static ReplicaLocationPort location(PinningProperties.Service service, PinningProperties properties,
            WebClient.Builder builder, Supplier<Mono<List<String>>> origins) {
        WebClient api = builder.clone().baseUrl(service.endpoint().toString())
                .defaultHeader(HttpHeaders.AUTHORIZATION, service.token().authorization()).build();
        Optional<TrustlessGateway> gateway = service.gateway().map(url -> new TrustlessGateway(
                builder.clone().baseUrl(url.toString()).build(), properties.timeout()));
        return new PinningServiceLocation(service.name(),
                new PinningServiceClient(service.name(), api, properties.timeout()), gateway, origins);
    }
}
