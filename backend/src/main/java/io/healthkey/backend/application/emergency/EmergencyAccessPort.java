package io.healthkey.backend.application.emergency;

import java.math.BigInteger;

import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.EmergencyMessage;
import reactor.core.publisher.Mono;

/**
 * The deployment's {@code EmergencyAccess} contract: the calls that carry its four signed messages (the outbox sends
 * them) and the views the service asks. Guarantees of every implementation: a call carries the message and signature
 * unchanged, so the contract judges them; the views read the latest block and never this service's memory; a node
 * that does not answer is a {@code CHAIN-0001}.
 */
public interface EmergencyAccessPort {

    /** The contract's address: the verifying contract of the emergency messages. */
    EthAddress contract();

    ChainCall setupCall(EmergencyMessage.Setup setup, AccountSignature signature);

    ChainCall requestCall(EmergencyMessage.Request request, AccountSignature signature);

    ChainCall approvalCall(EmergencyMessage.Approval approval, AccountSignature signature);

    ChainCall closureCall(EmergencyMessage.Closure closure, AccountSignature signature);

    /** The next nonce {@code account} signs setups, requests and closures with. */
    Mono<BigInteger> nextNonce(EthAddress account);

    /** Whether {@code requester} may read {@code record} now through an open emergency window of its patient. */
    Mono<Boolean> hasEmergencyAccess(EthAddress requester, RecordId record);

    /** For a deployment without {@code EmergencyAccess}: every call and view is {@code EMERGENCY-0020}. */
    EmergencyAccessPort NOT_DEPLOYED = new EmergencyAccessPort() {
        @Override
        public EthAddress contract() {
            throw notDeployed();
        }

        @Override
        public ChainCall setupCall(EmergencyMessage.Setup setup, AccountSignature signature) {
            throw notDeployed();
        }

        @Override
        public ChainCall requestCall(EmergencyMessage.Request request, AccountSignature signature) {
            throw notDeployed();
        }

        @Override
        public ChainCall approvalCall(EmergencyMessage.Approval approval, AccountSignature signature) {
            throw notDeployed();
        }

        @Override
        public ChainCall closureCall(EmergencyMessage.Closure closure, AccountSignature signature) {
            throw notDeployed();
        }

        @Override
        public Mono<BigInteger> nextNonce(EthAddress account) {
            return Mono.error(notDeployed());
        }

        @Override
        public Mono<Boolean> hasEmergencyAccess(EthAddress requester, RecordId record) {
            return Mono.just(false);
        }

        private DomainException notDeployed() {
            return new DomainException(ErrorCode.EMERGENCY_NOT_DEPLOYED,
                    "this deployment's ConsentRegistry predates emergency access");
        }
    };
}
