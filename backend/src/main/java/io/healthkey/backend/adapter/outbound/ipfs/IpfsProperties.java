package io.healthkey.backend.adapter.outbound.ipfs;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kubo node's RPC API. Keep it private: whoever reaches it controls the node.
 *
 * @param apiUrl base URL of the RPC API, without {@code /api/v0}
 * @param timeout how long one RPC call (a block, a pin, the health check) may take; uploads are not bounded
 * @param store which content store the service uses: the Kubo node, blocks under {@code healthkey.data-dir}, or an
 *     IPFS Cluster ({@link ClusterProperties})
 */
@ConfigurationProperties("healthkey.ipfs")
public record IpfsProperties(
        @DefaultValue("http://127.0.0.1:5001") URI apiUrl,
        @DefaultValue("5s") Duration timeout,
        @DefaultValue("kubo") Store store) {

    /** Where content is kept. */
    public enum Store { KUBO, EMBEDDED, CLUSTER }
}
