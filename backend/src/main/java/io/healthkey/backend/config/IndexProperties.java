package io.healthkey.backend.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The chain event index ({@code healthkey.index.*}).
 *
 * @param enabled false: no indexing, every check asks the chain
 * @param pollInterval pause between polls for new heads (JSON-RPC over HTTP has no subscriptions)
 * @param confirmations blocks on top of a grant before checks count it; 0 suits a dev chain, a public chain wants
 *        more (12 on Ethereum mainnet-like chains)
 * @param window recent block hashes kept: the deepest reorg followed
 * @param initialRange first {@code eth_getLogs} range (blocks); adapts to the node
 * @param maxRange largest {@code eth_getLogs} range
 * @param freshness the newest head seen must be at most this old for the index to answer
 * @param doubt grants expiring this close to the head's time are checked on chain
 * @param maxLag health is DOWN when the index is more blocks behind the head than this
 * @param pendingRefresh how often the revocations accepted (by any replica) and not yet mined are read again from
 *        the database into the copy checks read; 0: no copy, every check that could allow reads the database
 */
@ConfigurationProperties("healthkey.index")
public record IndexProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("0") long confirmations,
        @DefaultValue("128") int window,
        @DefaultValue("2000") int initialRange,
        @DefaultValue("50000") int maxRange,
        @DefaultValue("5s") Duration freshness,
        @DefaultValue("60s") Duration doubt,
        @DefaultValue("20") long maxLag,
        @DefaultValue("100ms") Duration pendingRefresh) {
}
