package io.healthkey.backend.adapter.outbound.chain;

import java.util.List;

import org.springframework.stereotype.Component;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.healthkey.backend.application.auth.ContractWalletPort;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCategory;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.EthSignature;

/**
 * {@link ContractWalletPort} with {@code eth_getCode} and an {@code eth_call} of
 * {@code isValidSignature(bytes32,bytes)}, both at the latest block. The answer is handed back unchecked; a revert
 * is an empty answer. Blocking web3j calls run on the bounded elastic scheduler.
 */
@Component
class ContractWalletAdapter implements ContractWalletPort {

    private final TransactionRelay relay;

    ContractWalletAdapter(TransactionRelay relay) {
        this.relay = relay;
    }

    @Override
    public Mono<Boolean> hasCode(EthAddress account) {
        return Mono.fromCallable(() -> relay.code(account.toString(), DefaultBlockParameterName.LATEST).length > 0)
                .subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<byte[]> isValidSignatureAnswer(EthAddress account, io.healthkey.protocol.Bytes32 digest,
            EthSignature signature) {
        String call = FunctionEncoder.encode(new Function("isValidSignature",
                List.of(new Bytes32(digest.toBytes()), new DynamicBytes(signature.toBytes())), List.of()));
        return Mono.fromCallable(() -> {
            try {
                return Numeric.hexStringToByteArray(relay.call(account.toString(), call, DefaultBlockParameterName.LATEST));
            } catch (DomainException e) {
                if (e.errorCode().category() == ErrorCategory.UNAVAILABLE) {
                    throw e;
                }
                return null;
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
