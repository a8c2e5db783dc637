package io.healthkey.backend.adapter.outbound.ipfs;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Our Kubo node's swarm addresses on loopback: the {@code origins} a pinning service is given to fetch new content
 * from. Empty when the node does not answer or listens on no loopback swarm address (then a service must find the
 * content by its own routing).
 */
public final class KuboSwarmAddresses {

    private final KuboRpcClient kubo;

    KuboSwarmAddresses(KuboRpcClient kubo) {
        this.kubo = kubo;
    }

    public Mono<List<String>> loopback() {
        return kubo.loopbackSwarmAddresses().onErrorReturn(List.of());
    }
}
