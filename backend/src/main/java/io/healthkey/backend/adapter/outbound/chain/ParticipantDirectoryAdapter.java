package io.healthkey.backend.adapter.outbound.chain;

import java.math.BigInteger;
import java.util.concurrent.Callable;

import org.springframework.stereotype.Component;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.healthkey.backend.adapter.outbound.chain.contracts.ParticipantDirectory;
import io.healthkey.backend.application.directory.ParticipantDirectoryPort;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.directory.ProviderStatus;
import io.healthkey.backend.domain.directory.SignedKeyPublication;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.KeyPublicationMessage;

/**
 * {@link ParticipantDirectoryPort} on the generated {@link ParticipantDirectory} wrapper. The wrapper only encodes calls
 * (the outbox sends them); {@link TransactionRelay} reads and decodes reverts. Blocking web3j calls run on the
 * bounded elastic scheduler, never on the event loop.
 */
@Component
class ParticipantDirectoryAdapter implements ParticipantDirectoryPort {

    private static final ProviderStatus[] STATUSES = ProviderStatus.values();

    private final ParticipantDirectory directory;
    private final String address;
    private final TransactionRelay relay;

    ParticipantDirectoryAdapter(Web3j web3j, Deployment deployment, TransactionRelay relay) {
        this.address = deployment.participantDirectory().toString();
        this.relay = relay;
        this.directory = ParticipantDirectory.load(address, web3j,
                new ReadonlyTransactionManager(web3j, relay.relayerAddress()), new DefaultGasProvider());
    }

    /** {@inheritDoc} The contract stores only keys it checked to be on secp256k1, so parsing never fails. */
    @Override
    public Mono<EncryptionPublicKey> encryptionKeyOf(EthAddress account) {
        return blocking(() -> read(directory.encryptionKeyOf(account.toString()), byte[].class))
                .filter(key -> key.length > 0)
                .map(EncryptionPublicKey::fromCompressed);
    }

    @Override
    public Mono<ProviderStatus> providerStatus(EthAddress provider) {
        return blocking(() -> read(directory.providerStatus(provider.toString()), BigInteger.class))
                .map(ParticipantDirectoryAdapter::toStatus);
    }

    @Override
    public Mono<BigInteger> nextNonce(EthAddress account) {
        return blocking(() -> read(directory.nonces(account.toString()), BigInteger.class));
    }

    @Override
    public ChainCall keyPublicationCall(SignedKeyPublication signed) {
        KeyPublicationMessage publication = signed.publication();
        var struct = new ParticipantDirectory.KeyPublication(publication.account().toString(),
                publication.publicKey().toBytes(), publication.nonce(),
                BigInteger.valueOf(publication.deadline().getEpochSecond()));
        return new ChainCall(EthAddress.parse(address),
                directory.publishEncryptionKeyBySig(struct, signed.signature().toBytes()).encodeFunctionCall());
    }

    private <T> T read(RemoteFunctionCall<?> function, Class<T> type) {
        return relay.read(address, function, type, DefaultBlockParameterName.LATEST);
    }

    /** The contract's enum in declaration order; the contract never returns a value outside it. */
    private static ProviderStatus toStatus(BigInteger ordinal) {
        if (ordinal.signum() < 0 || ordinal.compareTo(BigInteger.valueOf(STATUSES.length)) >= 0) {
            throw new IllegalStateException("ParticipantDirectory returned provider status " + ordinal);
        }
        return STATUSES[ordinal.intValueExact()];
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
