package io.healthkey.backend.adapter.outbound.ipfs;

import java.nio.file.Path;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import io.healthkey.backend.application.record.BlockStorePort;
import io.healthkey.backend.application.record.ContentStorePort;

/**
 * The {@link ContentStorePort}: Kubo by default, the embedded store under {@code healthkey.data-dir} when
 * {@code healthkey.ipfs.store=embedded} (no IPFS node needed; push to Kubo later), or an IPFS Cluster when
 * {@code healthkey.ipfs.store=cluster} (replicated; {@link ClusterProperties}).
 */
@Configuration(proxyBeanMethods = false)
class ContentStoreConfiguration {

    /** Blocks an IPFS Cluster peer's Kubo answered that did not match their CID (never served). */
    static final String WRONG_BLOCKS = "healthkey.ipfs.cluster.wrong.blocks";

    @Bean
    ContentStorePort contentStore(IpfsProperties properties, ClusterProperties cluster, WebClient.Builder builder,
            @Value("${healthkey.data-dir}") Path dataDir, MeterRegistry meters) {
        return switch (properties.store()) {
            case KUBO -> kubo(properties, builder, meters);
            case EMBEDDED -> new EmbeddedContentStore(dataDir);
            case CLUSTER -> cluster(properties, cluster, builder, meters);
        };
    }

    /**
     * The content store's single blocks, for multi-part uploads: Kubo's and the embedded store's. An IPFS Cluster
     * takes whole uploads only (its {@code /add} pins what it replicates); multi-part calls then answer
     * {@code RECORD-0021}.
     */
    @Bean
    BlockStorePort blockStore(ContentStorePort contentStore) {
        if (contentStore instanceof KuboContentStore kubo) {
            return kubo.blocks();
        }
        if (contentStore instanceof EmbeddedContentStore embedded) {
            return embedded.blocks();
        }
        return ContentBlocks.WHOLE_UPLOADS_ONLY;
    }

    /** The Kubo node's loopback swarm addresses, the origins pinning services fetch new content from. */
    @Bean
    KuboSwarmAddresses kuboSwarmAddresses(IpfsProperties properties, WebClient.Builder builder, MeterRegistry meters) {
        return new KuboSwarmAddresses(rpc(properties, builder, meters));
    }

    /**
     * Kubo through its RPC API; every call is timed in {@code meters} ({@link KuboRpcMetrics}). Blocks are read from
     * the node's own store only: a node in a swarm would otherwise fetch a block it lost from a peer, and the
     * availability audit would never see the loss.
     */
    static KuboContentStore kubo(IpfsProperties properties, WebClient.Builder builder, MeterRegistry meters) {
        return new KuboContentStore(KuboRpcClient.ownBlocksOnly(http(properties, builder, meters),
                properties.timeout()));
    }

    private static KuboRpcClient rpc(IpfsProperties properties, WebClient.Builder builder, MeterRegistry meters) {
        return new KuboRpcClient(http(properties, builder, meters), properties.timeout());
    }

    private static WebClient http(IpfsProperties properties, WebClient.Builder builder, MeterRegistry meters) {
        return builder.clone().baseUrl(properties.apiUrl().toString()).filter(new KuboRpcMetrics(meters)).build();
    }

    /**
     * An IPFS Cluster: its REST API for uploads and pins, every peer's Kubo RPC API for reads (each peer's calls
     * timed with a {@code peer} tag); {@value #WRONG_BLOCKS} counts the blocks a peer answered wrong, by peer.
     */
    static ClusterContentStore cluster(IpfsProperties properties, ClusterProperties cluster, WebClient.Builder builder,
            MeterRegistry meters) {
        WebClient api = builder.clone().baseUrl(cluster.apiUrl().toString())
                .filter(KuboRpcMetrics.clusterApi(meters)).build();
        List<PeerBlockSource.Peer> peers = cluster.kuboApiUrls().stream().map(url -> new PeerBlockSource.Peer(url,
                KuboRpcClient.ownBlocksOnly(builder.clone().baseUrl(url.toString())
                        .filter(KuboRpcMetrics.clusterPeer(meters, url.toString())).build(), properties.timeout())))
                .toList();
        PeerBlockSource blocks = new PeerBlockSource(peers,
                peer -> meters.counter(WRONG_BLOCKS, "peer", peer.toString()).increment());
        return new ClusterContentStore(
                new ClusterRestClient(api, properties.timeout(), cluster.replicationMin(), cluster.replicationMax()),
                blocks, cluster.replicationMin(), cluster.replicationTimeout(), cluster.pollInterval());
    }
}
