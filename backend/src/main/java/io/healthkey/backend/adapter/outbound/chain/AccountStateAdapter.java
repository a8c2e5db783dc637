package io.healthkey.backend.adapter.outbound.chain;

import java.util.List;

import org.springframework.stereotype.Component;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthGetProof;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.healthkey.backend.application.account.AccountStatePort;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;

/**
 * {@link AccountStatePort} with {@code eth_getProof} at the latest block: the account's code hash and storage root,
 * which change with any change of its code or storage. Hardhat, anvil and geth answer it.
 */
@Component
class AccountStateAdapter implements AccountStatePort {

    private final Web3j web3j;

    AccountStateAdapter(Web3j web3j) {
        this.web3j = web3j;
    }

    @Override
    public Mono<String> stateOf(EthAddress account) {
        return Mono.fromCallable(() -> {
            EthGetProof response = TransactionRelay.rpc(() -> web3j.ethGetProof(account.toString(), List.of(), "latest")
                    .send());
            if (response.hasError() || response.getProof() == null) {
                throw new DomainException(ErrorCode.CHAIN_UNAVAILABLE, "The node refused eth_getProof");
            }
            return response.getProof().getCodeHash() + response.getProof().getStorageHash().substring(2);
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
