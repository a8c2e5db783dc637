package io.healthkey.backend.adapter.outbound.ipfs;

import java.nio.file.Path;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import io.healthkey.backend.application.record.ContentStorePort;

/**
 * The {@link ContentStorePort}: Kubo by default, or the embedded store under {@code healthkey.data-dir} when
 * {@code healthkey.ipfs.store=embedded} (no IPFS node needed; push to Kubo later).
 */
@Configuration(proxyBeanMethods = false)
class ContentStoreConfiguration {

    @Bean
    ContentStorePort contentStore(IpfsProperties properties, WebClient.Builder builder,
            @Value("${healthkey.data-dir}") Path dataDir, MeterRegistry meters) {
        return switch (properties.store()) {
            case KUBO -> kubo(properties, builder, meters);
            case EMBEDDED -> new EmbeddedContentStore(dataDir);
        };
    }

    /** The Kubo node's loopback swarm addresses, the origins pinning services fetch new content from. */
    @Bean
    KuboSwarmAddresses kuboSwarmAddresses(IpfsProperties properties, WebClient.Builder builder, MeterRegistry meters) {
        return new KuboSwarmAddresses(rpc(properties, builder, meters));
    }

    /** Kubo through its RPC API; every call is timed in {@code meters} ({@link KuboRpcMetrics}). */
    static KuboContentStore kubo(IpfsProperties properties, WebClient.Builder builder, MeterRegistry meters) {
        return new KuboContentStore(rpc(properties, builder, meters));
    }

    private static KuboRpcClient rpc(IpfsProperties properties, WebClient.Builder builder, MeterRegistry meters) {
        WebClient http = builder.clone().baseUrl(properties.apiUrl().toString())
                .filter(new KuboRpcMetrics(meters)).build();
        return new KuboRpcClient(http, properties.timeout());
    }
}
