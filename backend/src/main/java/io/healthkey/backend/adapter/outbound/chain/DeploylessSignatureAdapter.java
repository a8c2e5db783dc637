package io.healthkey.backend.adapter.outbound.chain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import org.springframework.stereotype.Component;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.protocol.ObjectMapperFactory;
import org.web3j.protocol.core.DefaultBlockParameterName;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.healthkey.backend.application.account.AccountSignaturePort;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCategory;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.account.AccountSignature;

/**
 * {@link AccountSignaturePort} with one {@code eth_call} without {@code to} at the latest block: the creation code
 * of {@code DeploylessSignatureValidator} (never deployed) and its constructor arguments; it answers one byte.
 * A 65-byte signature that recovers to the account is accepted without asking the node, as the contract would
 * accept it. A revert (a malformed or failing ERC-6492 wrapper) is a refusal; a node that does not answer is
 * {@code CHAIN-0001}. Blocking web3j calls run on the bounded elastic scheduler.
 */
@Component
class DeploylessSignatureAdapter implements AccountSignaturePort {

    static final String ARTIFACT = "contracts/utils/DeploylessSignatureValidator.sol/DeploylessSignatureValidator.json";
    private static final String VALID = "0x01";
    private static final String INVALID = "0x00";

    private final TransactionRelay relay;
    private final String creationCode;

    DeploylessSignatureAdapter(TransactionRelay relay) {
        this.relay = relay;
        this.creationCode = creationCode();
    }

    @Override
    public Mono<Boolean> isSignedBy(EthAddress account, io.healthkey.protocol.Bytes32 digest,
            AccountSignature signature) {
        if (signature.ecdsaSigner(digest).filter(account::equals).isPresent()) {
            return Mono.just(true);
        }
        String data = creationCode + FunctionEncoder.encodeConstructor(List.of(new Address(account.toString()),
                new Bytes32(digest.toBytes()), new DynamicBytes(signature.toBytes())));
        return Mono.fromCallable(() -> verdict(data)).subscribeOn(Schedulers.boundedElastic());
    }

    private boolean verdict(String data) {
        String answer;
        try {
            answer = relay.call(null, data, DefaultBlockParameterName.LATEST);
        } catch (DomainException e) {
            if (e.errorCode().category() == ErrorCategory.UNAVAILABLE) {
                throw e;
            }
            return false;
        }
        if (VALID.equals(answer)) {
            return true;
        }
        if (INVALID.equals(answer)) {
            return false;
        }
        throw new DomainException(ErrorCode.CHAIN_UNAVAILABLE,
                "The node answered the signature check with something other than one byte");
    }

    private static String creationCode() {
        try (InputStream in = DeploylessSignatureAdapter.class.getClassLoader().getResourceAsStream(ARTIFACT)) {
            if (in == null) {
                throw new IllegalStateException("Contract artifact missing from the classpath: " + ARTIFACT);
            }
            return ObjectMapperFactory.getObjectMapper().readTree(in).path("bytecode").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
