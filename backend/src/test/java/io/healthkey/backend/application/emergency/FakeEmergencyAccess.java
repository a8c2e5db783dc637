package io.healthkey.backend.application.emergency;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.EmergencyMessage;
import reactor.core.publisher.Mono;

/**
 * {@link EmergencyAccessPort} in memory: each call's calldata is a tag of its function and the message's struct hash
 * and signature (so that a test can tell which message a request carries); nonces and open windows are set by tests.
 */
final class FakeEmergencyAccess implements EmergencyAccessPort {

    static final EthAddress ADDRESS = EthAddress.parse("0x" + "e1".repeat(20));

    final Map<EthAddress, BigInteger> nonces = new HashMap<>();
    /** "requester record" pairs the contract would answer true for. */
    final Set<String> openWindows = new HashSet<>();

    @Override
    public EthAddress contract() {
        return ADDRESS;
    }

    @Override
    public ChainCall setupCall(EmergencyMessage.Setup setup, AccountSignature signature) {
        return call("01", setup, signature);
    }

    @Override
    public ChainCall requestCall(EmergencyMessage.Request request, AccountSignature signature) {
        return call("02", request, signature);
    }

    @Override
    public ChainCall approvalCall(EmergencyMessage.Approval approval, AccountSignature signature) {
        return call("03", approval, signature);
    }

    @Override
    public ChainCall closureCall(EmergencyMessage.Closure closure, AccountSignature signature) {
        return call("04", closure, signature);
    }

    @Override
    public Mono<BigInteger> nextNonce(EthAddress account) {
        return Mono.just(nonces.getOrDefault(account, BigInteger.ZERO));
    }

    @Override
    public Mono<Boolean> hasEmergencyAccess(EthAddress requester, RecordId record) {
        return Mono.just(openWindows.contains(requester + " " + record.toHex()));
    }

    static ChainCall call(String function, EmergencyMessage message, AccountSignature signature) {
        return new ChainCall(ADDRESS, "0x" + function + message.structHash().toHex().substring(2)
                + Hex.encode(signature.toBytes()).substring(2));
    }
}
