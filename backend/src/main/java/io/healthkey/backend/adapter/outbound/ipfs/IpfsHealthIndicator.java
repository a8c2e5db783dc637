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
 * {@code store: embedded} (there is no node to ask). With an IPFS Cluster: the peers that answer against those
 * configured ({@code peersUp}, {@code peersExpected}); UP while at least {@code replication-min} answer, since
 * uploads and reads go on; DOWN below that, or when the cluster's REST API does not answer.
 */
@Component("ipfs")
class IpfsHealthIndicator implements ReactiveHealthIndicator {

    private final WebClient kubo;
    private final IpfsProperties properties;
    private final ClusterProperties clusterProperties;
    private final ClusterRestClient cluster;

    IpfsHealthIndicator(WebClient.Builder builder, IpfsProperties properties, ClusterProperties clusterProperties) {
        this.kubo = builder.clone().baseUrl(properties.apiUrl().toString()).build();
        this.properties = properties;
        this.clusterProperties = clusterProperties;
        this.cluster = new ClusterRestClient(builder.clone().baseUrl(clusterProperties.apiUrl().toString()).build(),
                properties.timeout(), clusterProperties.replicationMin(), clusterProperties.replicationMax());
    }

    @Override
    public Mono<Health> health() {
        return switch (properties.store()) {
            case EMBEDDED -> Mono.just(Health.up().withDetail("store", "embedded").build());
            case KUBO -> kubo();
            case CLUSTER -> cluster();
        };
    }

    private Mono<Health> kubo() {
        return kubo.post().uri("/api/v0/version")
                .retrieve()
                .bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() { })
                .timeout(properties.timeout())
                .map(version -> Health.up().withDetail("store", "kubo")
                        .withDetail("version", String.valueOf(version.get("Version"))).build())
                .onErrorResume(e -> Mono.just(Health.down().withDetail("error", e.getClass().getSimpleName()).build()));
    }

    private Mono<Health> cluster() {
        int expected = clusterProperties.kuboApiUrls().size();
        return cluster.peers()
                .map(peers -> (peers.up() >= clusterProperties.replicationMin() ? Health.up() : Health.down())
                        .withDetail("store", "cluster")
                        .withDetail("peersUp", peers.up())
                        .withDetail("peersExpected", expected)
                        .withDetail("replicationMin", clusterProperties.replicationMin()).build())
                .onErrorResume(e -> Mono.just(Health.down().withDetail("store", "cluster")
                        .withDetail("error", e.getClass().getSimpleName()).build()));
    }
}
