package io.healthkey.backend.adapter.outbound.chain;

import java.math.BigInteger;

import org.springframework.stereotype.Component;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.healthkey.backend.application.chainidentity.ChainFingerprintSourcePort;
import io.healthkey.backend.domain.network.ChainFingerprint;

/** {@link ChainFingerprintSourcePort} over JSON-RPC: {@code eth_chainId} and {@code eth_getBlockByNumber}. */
@Component
class ChainFingerprintSourceAdapter implements ChainFingerprintSourcePort {

    private final Web3j web3j;

    ChainFingerprintSourceAdapter(Web3j web3j) {
        this.web3j = web3j;
    }

    @Override
    public Mono<ChainFingerprint> fingerprintAt(long blockNumber) {
        return Mono.fromCallable(() -> {
            long chainId = web3j.ethChainId().send().getChainId().longValueExact();
            EthBlock.Block block = web3j.ethGetBlockByNumber(
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(blockNumber)), false).send().getBlock();
            return block == null ? null : new ChainFingerprint(chainId, blockNumber, block.getHash());
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
