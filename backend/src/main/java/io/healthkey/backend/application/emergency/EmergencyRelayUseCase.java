package io.healthkey.backend.application.emergency;

import java.math.BigInteger;

import io.healthkey.backend.application.outbox.RelayReceipt;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.EmergencyMessage;
import reactor.core.publisher.Mono;

/**
 * Relays the four signed messages of emergency access (docs/API.md, "Emergency access") through the outbox. Each is
 * relayed for the signed-in account that signed it only; each is simulated on chain first, so that a message the
 * contract refuses (forged, replayed, expired, from another chain, a non-keyholder, a double approval, an
 * unaccredited or suspended requester) is answered at once with its {@code EMERGENCY-…} code and stores nothing.
 * The chain decides; this service never counts approvals nor opens a window itself.
 */
public interface EmergencyRelayUseCase {

    /** The patient's setup ({@code REQUEST-0007} unless {@code caller} is its patient). */
    Mono<RelayReceipt> setup(EthAddress caller, EmergencyMessage.Setup setup, AccountSignature signature);

    /**
     * The requester's request, with its reason in clear: {@code EMERGENCY-0021} unless its keccak256 is the signed
     * {@code reasonHash} and it is 1 to {@link EmergencyReasons#MAX_LENGTH} characters. The reason is kept off chain
     * for the patient's review; only its hash goes on chain.
     */
    Mono<RelayReceipt> request(EthAddress caller, EmergencyMessage.Request request, String reason,
            AccountSignature signature);

    /** A keyholder's approval of the round it names ({@code REQUEST-0007} unless {@code caller} is the keyholder). */
    Mono<RelayReceipt> approve(EthAddress caller, EmergencyMessage.Approval approval, AccountSignature signature);

    /** The patient's closure of a requester's window or pending request. */
    Mono<RelayReceipt> close(EthAddress caller, EmergencyMessage.Closure closure, AccountSignature signature);

    /** The nonce {@code account}'s next setup, request or closure must carry, as the contract says. */
    Mono<BigInteger> nextNonce(EthAddress account);
}
