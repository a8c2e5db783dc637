package io.healthkey.backend.support.fakes;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

import io.healthkey.backend.application.directory.ParticipantDirectoryPort;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.directory.ProviderStatus;
import io.healthkey.backend.domain.directory.SignedKeyPublication;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/** The participant directory in maps: published encryption keys and providers' accreditation. */
public final class FakeDirectory implements ParticipantDirectoryPort {

    public final Outage outage = new Outage();
    private final Map<EthAddress, EncryptionPublicKey> keys = new HashMap<>();
    private final Map<EthAddress, ProviderStatus> providers = new HashMap<>();

    public void publish(EthAddress account, EncryptionPublicKey key) {
        keys.put(account, key);
    }

    public void accredit(EthAddress provider, ProviderStatus status) {
        providers.put(provider, status);
    }

    @Override
    public Mono<EncryptionPublicKey> encryptionKeyOf(EthAddress account) {
        return outage.guard(() -> Mono.justOrEmpty(keys.get(account)));
    }

    @Override
    public Mono<ProviderStatus> providerStatus(EthAddress provider) {
        return outage.guard(() -> Mono.just(providers.getOrDefault(provider, ProviderStatus.NONE)));
    }

    @Override
    public Mono<BigInteger> nextNonce(EthAddress account) {
        return outage.guard(() -> Mono.just(BigInteger.ZERO));
    }

    /** Key publications are relayed through the outbox, which the record tests do not reach. */
    @Override
    public ChainCall keyPublicationCall(SignedKeyPublication publication) {
        throw new UnsupportedOperationException("FakeDirectory does not relay key publications");
    }
}
