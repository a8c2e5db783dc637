package io.healthkey.backend.adapter.out.chain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.stereotype.Component;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.healthkey.backend.adapter.out.chain.contracts.ConsentRegistry;
import io.healthkey.backend.application.port.out.ConsentChainPort;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.consent.AccessDecision;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.consent.SignedGrant;
import io.healthkey.backend.domain.consent.SignedRevocation;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.eip712.RevocationMessage;

/**
 * {@link ConsentChainPort} on the generated {@link ConsentRegistry} wrapper. The wrapper only encodes
 * calls; {@link TransactionRelay} simulates, sends and decodes reverts. Blocking web3j calls run on the
 * bounded elastic scheduler, never on the event loop.
 */
@Component
class ConsentRegistryAdapter implements ConsentChainPort {

    private final ConsentRegistry registry;
    private final String address;
    private final TransactionRelay relay;

    ConsentRegistryAdapter(Web3j web3j, Deployment deployment, TransactionRelay relay) {
        this.address = deployment.consentRegistry().toString();
        this.relay = relay;
        this.registry = ConsentRegistry.load(address, web3j,
                new ReadonlyTransactionManager(web3j, relay.relayerAddress()), new DefaultGasProvider());
    }

    @Override
    public Mono<MinedTransaction> relayGrant(SignedGrant signed) {
        String call = registry.grantBySig(toStruct(signed.grant()), signed.signature().toBytes()).encodeFunctionCall();
        return blocking(() -> relay.send(address, call));
    }

    @Override
    public Mono<MinedTransaction> relayRevocation(SignedRevocation signed) {
        String call = registry.revokeBySig(toStruct(signed.revocation()), signed.signature().toBytes())
                .encodeFunctionCall();
        return blocking(() -> relay.send(address, call));
    }

    @Override
    public Mono<AccessDecision> hasAccess(AccessQuery query) {
        String call = registry.hasAccess(query.patient().toString(), query.grantee().toString(),
                query.record().toBytes32().toBytes(), BigInteger.valueOf(query.action().code())).encodeFunctionCall();
        return blocking(() -> {
            long block = relay.blockNumber();
            String result = relay.call(address, call, DefaultBlockParameter.valueOf(BigInteger.valueOf(block)));
            boolean allowed = (Boolean) decodeSingle(result, new TypeReference<Bool>() { }).getValue();
            return new AccessDecision(query, allowed, block);
        });
    }

    @Override
    public Mono<BigInteger> nextNonce(EthAddress patient) {
        String call = registry.nonces(patient.toString()).encodeFunctionCall();
        return blocking(() -> (BigInteger) decodeSingle(
                relay.call(address, call, DefaultBlockParameterName.LATEST),
                new TypeReference<Uint256>() { }).getValue());
    }

    @Override
    public EthAddress relayer() {
        return EthAddress.parse(relay.relayerAddress());
    }

    private static ConsentRegistry.Grant toStruct(GrantMessage grant) {
        return new ConsentRegistry.Grant(grant.patient().toString(), grant.grantee().toString(),
                grant.scope().toBytes32().toBytes(), BigInteger.valueOf(grant.action().code()),
                BigInteger.valueOf(grant.purpose().code()), epochSeconds(grant.expiresAt()), grant.nonce(),
                epochSeconds(grant.deadline()));
    }

    private static ConsentRegistry.Revocation toStruct(RevocationMessage revocation) {
        return new ConsentRegistry.Revocation(revocation.patient().toString(), revocation.grantee().toString(),
                revocation.scope().toBytes32().toBytes(), BigInteger.valueOf(revocation.action().code()),
                revocation.nonce(), epochSeconds(revocation.deadline()));
    }

    private static BigInteger epochSeconds(Instant instant) {
        return BigInteger.valueOf(instant.getEpochSecond());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Type decodeSingle(String result, TypeReference<?> type) {
        List<Type> values = FunctionReturnDecoder.decode(result, (List) List.of(type));
        if (values.isEmpty()) {
            throw new DomainException(ErrorCode.CHAIN_UNKNOWN_REVERT, "Empty answer from the contract");
        }
        return values.get(0);
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
