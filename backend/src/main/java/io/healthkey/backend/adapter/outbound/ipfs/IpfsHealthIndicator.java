package io.healthkey.backend.adapter.outbound.ipfs;

import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * UP when the Kubo RPC API answers {@code POST /api/v0/version}; with the embedded store, UP with
 * {@code store: embedded} (there is no node to ask).
 */
@Component("ipfs")
class IpfsHealthIndicator implements ReactiveHealthIndicator {

    private final WebClient kubo;
    private final IpfsProperties properties;

    IpfsHealthIndicator(WebClient.Builder builder, IpfsProperties properties) {
        this.kubo = builder.baseUrl(properties.apiUrl().toString()).build();
        this.properties = properties;
    }

    @Override
    public Mono<Health> health() {
        if (properties.store() == IpfsProperties.Store.EMBEDDED) {
            return Mono.just(Health.up().withDetail("store", "embedded").build());
        }
        return kubo.post().uri("/api/v0/version")
                .retrieve()
                .bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() { })
                .timeout(properties.timeout())
                .map(version -> Health.up().withDetail("store", "kubo")
                        .withDetail("version", String.valueOf(version.get("Version"))).build())
                .onErrorResume(e -> Mono.just(Health.down().withDetail("error", e.getClass().getSimpleName()).build()));
    }
}
