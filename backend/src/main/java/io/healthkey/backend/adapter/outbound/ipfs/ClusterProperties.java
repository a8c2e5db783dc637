package io.healthkey.backend.adapter.outbound.ipfs;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The IPFS Cluster behind {@code healthkey.ipfs.store=cluster}. Keep both APIs private: whoever reaches the REST API
 * controls the pin set, whoever reaches a Kubo RPC API controls that node.
 *
 * @param apiUrl the REST API of one cluster peer (uploads, pins, peers)
 * @param kuboApiUrls the Kubo RPC APIs of the peers, tried in turn for every block read
 * @param replicationMin peers that must hold a pin before an upload is answered; {@code isPinned} asks as many
 * @param replicationMax peers the cluster places a pin on at most
 * @param replicationTimeout how long an upload waits for {@code replicationMin} peers to report it pinned
 * @param pollInterval how often that wait asks the cluster
 */
@ConfigurationProperties("healthkey.ipfs.cluster")
public record ClusterProperties(
        @DefaultValue("http://127.0.0.1:9104") URI apiUrl,
        @DefaultValue({"http://127.0.0.1:9100", "http://127.0.0.1:9110", "http://127.0.0.1:9120"}) List<URI> kuboApiUrls,
        @DefaultValue("2") int replicationMin,
        @DefaultValue("3") int replicationMax,
        @DefaultValue("60s") Duration replicationTimeout,
        @DefaultValue("250ms") Duration pollInterval) {

    public ClusterProperties {
        kuboApiUrls = List.copyOf(kuboApiUrls);
        if (kuboApiUrls.isEmpty()) {
            throw new IllegalArgumentException("healthkey.ipfs.cluster.kubo-api-urls names no peer");
        }
        if (replicationMin < 1 || replicationMin > replicationMax) {
            throw new IllegalArgumentException("healthkey.ipfs.cluster: need 1 <= replication-min <= replication-max");
        }
    }
}
