package io.healthkey.backend.adapter.outbound.chain;

import java.math.BigInteger;
import java.util.concurrent.Callable;

import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import io.healthkey.backend.adapter.outbound.chain.contracts.EmergencyAccess;
import io.healthkey.backend.application.emergency.EmergencyAccessPort;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.EmergencyMessage;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@link EmergencyAccessPort} on the generated {@link EmergencyAccess} wrapper, which only encodes calls; reads and
 * reverts go through {@link TransactionRelay}. Blocking web3j calls run on the bounded elastic scheduler.
 */
final class EmergencyAccessAdapter implements EmergencyAccessPort {

    private final EmergencyAccess emergency;
    private final EthAddress address;
    private final TransactionRelay relay;

    EmergencyAccessAdapter(Web3j web3j, EthAddress address, TransactionRelay relay) {
        this.address = address;
        this.relay = relay;
        this.emergency = EmergencyAccess.load(address.toString(), web3j,
                new ReadonlyTransactionManager(web3j, relay.relayerAddress()), new DefaultGasProvider());
    }

    @Override
    public EthAddress contract() {
        return address;
    }

    @Override
    public ChainCall setupCall(EmergencyMessage.Setup setup, AccountSignature signature) {
        var struct = new EmergencyAccess.EmergencySetup(setup.patient().toString(),
                setup.keyholders().stream().map(EthAddress::toString).toList(), BigInteger.valueOf(setup.threshold()),
                BigInteger.valueOf(setup.windowLength()),
                setup.scopes().stream().map(Scope::toBytes32).map(scope -> scope.toBytes()).toList(), setup.nonce(),
                seconds(setup.deadline()));
        return call(emergency.setupBySig(struct, signature.toBytes()));
    }

    @Override
    public ChainCall requestCall(EmergencyMessage.Request request, AccountSignature signature) {
        var struct = new EmergencyAccess.EmergencyRequest(request.requester().toString(),
                request.patient().toString(), BigInteger.valueOf(request.purpose().code()),
                request.reasonHash().toBytes(), request.nonce(), seconds(request.deadline()));
        return call(emergency.requestAccessBySig(struct, signature.toBytes()));
    }

    @Override
    public ChainCall approvalCall(EmergencyMessage.Approval approval, AccountSignature signature) {
        var struct = new EmergencyAccess.EmergencyApproval(approval.keyholder().toString(),
                approval.patient().toString(), approval.requester().toString(), BigInteger.valueOf(approval.round()),
                seconds(approval.deadline()));
        return call(emergency.approveBySig(struct, signature.toBytes()));
    }

    @Override
    public ChainCall closureCall(EmergencyMessage.Closure closure, AccountSignature signature) {
        var struct = new EmergencyAccess.EmergencyClosure(closure.patient().toString(),
                closure.requester().toString(), closure.nonce(), seconds(closure.deadline()));
        return call(emergency.closeBySig(struct, signature.toBytes()));
    }

    @Override
    public Mono<BigInteger> nextNonce(EthAddress account) {
        return blocking(() -> read(emergency.nonces(account.toString()), BigInteger.class));
    }

    @Override
    public Mono<Boolean> hasEmergencyAccess(EthAddress requester, RecordId record) {
        return blocking(() -> read(emergency.hasEmergencyAccess(record.patient().toString(), requester.toString(),
                record.toBytes32().toBytes()), Boolean.class));
    }

    private ChainCall call(RemoteFunctionCall<?> function) {
        return new ChainCall(address, function.encodeFunctionCall());
    }

    private <T> T read(RemoteFunctionCall<?> function, Class<T> type) {
        return relay.read(address.toString(), function, type, DefaultBlockParameterName.LATEST);
    }

    private static BigInteger seconds(java.time.Instant instant) {
        return BigInteger.valueOf(instant.getEpochSecond());
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
