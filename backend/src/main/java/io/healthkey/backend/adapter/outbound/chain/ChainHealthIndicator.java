package io.healthkey.backend.adapter.outbound.chain;

import java.math.BigInteger;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.healthkey.backend.domain.network.Deployment;

/** UP when the node answers on the deployment's chain and all three contracts have code there. */
@Component("chain")
class ChainHealthIndicator implements ReactiveHealthIndicator {

    private final Web3j web3j;
    private final Deployment deployment;

    ChainHealthIndicator(Web3j web3j, Deployment deployment) {
        this.web3j = web3j;
        this.deployment = deployment;
    }

    @Override
    public Mono<Health> health() {
        return Mono.fromCallable(this::check)
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorResume(e -> Mono.just(Health.down().withDetail("error", e.getClass().getSimpleName()).build()));
    }

    private Health check() throws Exception {
        BigInteger chainId = web3j.ethChainId().send().getChainId();
        BigInteger block = web3j.ethBlockNumber().send().getBlockNumber();
        Health.Builder health = Health.up().withDetail("chainId", chainId).withDetail("blockNumber", block);
        if (chainId.longValueExact() != deployment.chainId()) {
            return health.down().withDetail("error", "node is on chain " + chainId
                    + ", deployment is for chain " + deployment.chainId()).build();
        }
        for (var contract : java.util.Map.of(
                "participantDirectory", deployment.participantDirectory(),
                "consentRegistry", deployment.consentRegistry(),
                "recordRegistry", deployment.recordRegistry(),
                "readReceiptRoots", deployment.readReceiptRoots()).entrySet()) {
            String code = web3j.ethGetCode(contract.getValue().toString(), DefaultBlockParameterName.LATEST).send().getCode();
            if (code == null || code.equals("0x")) {
                return health.down().withDetail("error", "no contract code at " + contract.getKey()).build();
            }
        }
        return health.build();
    }
}
