package io.healthkey.backend.adapter.outbound.chain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.concurrent.Callable;

import org.springframework.stereotype.Component;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.healthkey.backend.adapter.outbound.chain.contracts.ConsentRegistry;
import io.healthkey.backend.application.consent.ConsentRegistryPort;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.consent.AccessDecision;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.consent.SignedGrant;
import io.healthkey.backend.domain.consent.SignedNonceCancellation;
import io.healthkey.backend.domain.consent.SignedRevocation;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.CancelNoncesMessage;
import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.eip712.RevocationMessage;

/**
 * {@link ConsentRegistryPort} on the generated {@link ConsentRegistry} wrapper. The wrapper only encodes
 * calls (the outbox sends them); {@link TransactionRelay} reads and decodes reverts. Blocking web3j calls run on the
 * bounded elastic scheduler, never on the event loop.
 */
@Component
class ConsentRegistryAdapter implements ConsentRegistryPort {

    private final ConsentRegistry registry;
    private final String address;
    private final EthAddress target;
    private final TransactionRelay relay;

    ConsentRegistryAdapter(Web3j web3j, Deployment deployment, TransactionRelay relay) {
        this.address = deployment.consentRegistry().toString();
        this.target = deployment.consentRegistry();
        this.relay = relay;
        this.registry = ConsentRegistry.load(address, web3j,
                new ReadonlyTransactionManager(web3j, relay.relayerAddress()), new DefaultGasProvider());
    }

    @Override
    public ChainCall grantCall(SignedGrant signed) {
        return new ChainCall(target, registry.grantBySig(toStruct(signed.grant()), signed.signature().toBytes())
                .encodeFunctionCall());
    }

    @Override
    public ChainCall revocationCall(SignedRevocation signed) {
        return new ChainCall(target, registry.revokeBySig(toStruct(signed.revocation()),
                signed.signature().toBytes()).encodeFunctionCall());
    }

    @Override
    public ChainCall cancellationCall(SignedNonceCancellation signed) {
        return new ChainCall(target, registry.cancelNoncesBySig(toStruct(signed.cancellation()),
                signed.signature().toBytes()).encodeFunctionCall());
    }

    @Override
    public Mono<AccessDecision> hasAccess(AccessQuery query) {
        var function = registry.hasAccess(query.patient().toString(), query.grantee().toString(),
                query.record().toBytes32().toBytes(), BigInteger.valueOf(query.action().code()));
        return blocking(() -> {
            long block = relay.blockNumber();
            boolean allowed = relay.read(address, function, Boolean.class,
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(block)));
            return new AccessDecision(query, allowed, block);
        });
    }

    @Override
    public Mono<BigInteger> nextNonce(EthAddress patient) {
        return blocking(() -> relay.read(address, registry.nonces(patient.toString()), BigInteger.class,
                DefaultBlockParameterName.LATEST));
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

    private static ConsentRegistry.CancelNonces toStruct(CancelNoncesMessage cancellation) {
        return new ConsentRegistry.CancelNonces(cancellation.patient().toString(), cancellation.newNonce(),
                cancellation.nonce(), epochSeconds(cancellation.deadline()));
    }

    private static BigInteger epochSeconds(Instant instant) {
        return BigInteger.valueOf(instant.getEpochSecond());
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
