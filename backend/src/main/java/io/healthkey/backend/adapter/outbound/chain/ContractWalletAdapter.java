package io.healthkey.backend.adapter.outbound.chain;

import java.util.List;

import org.springframework.stereotype.Component;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.protocol.core.DefaultBlockParameterName;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.healthkey.backend.application.auth.ContractWalletPort;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCategory;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.EthSignature;

/**
 * {@link ContractWalletPort} with an {@code eth_call} of {@code isValidSignature(bytes32,bytes)}. The answer must
 * start with the magic value {@code 0x1626ba7e}; a revert or an account without code is simply not a valid
 * signature. Blocking web3j calls run on the bounded elastic scheduler.
 */
@Component
class ContractWalletAdapter implements ContractWalletPort {

    private static final String MAGIC_VALUE = "0x1626ba7e";

    private final TransactionRelay relay;

    ContractWalletAdapter(TransactionRelay relay) {
        this.relay = relay;
    }

    @Override
    public Mono<Boolean> isValidSignature(EthAddress account, io.healthkey.protocol.Bytes32 digest,
            EthSignature signature) {
        String call = FunctionEncoder.encode(new Function("isValidSignature",
                List.of(new Bytes32(digest.toBytes()), new DynamicBytes(signature.toBytes())), List.of()));
        return Mono.fromCallable(() -> {
            try {
                String answer = relay.call(account.toString(), call, DefaultBlockParameterName.LATEST);
                return answer != null && answer.toLowerCase().startsWith(MAGIC_VALUE);
            } catch (DomainException e) {
                if (e.errorCode().category() == ErrorCategory.UNAVAILABLE) {
                    throw e;
                }
                return false;
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
