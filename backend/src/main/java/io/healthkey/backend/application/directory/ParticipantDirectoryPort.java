package io.healthkey.backend.application.directory;

import java.math.BigInteger;

import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.directory.ProviderStatus;
import io.healthkey.backend.domain.directory.SignedKeyPublication;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/** The participant directory on chain: published encryption keys and provider accreditation. */
public interface ParticipantDirectoryPort {

    /** The key record keys are wrapped for, as {@code account} published it; empty if it never did. */
    Mono<EncryptionPublicKey> encryptionKeyOf(EthAddress account);

    Mono<ProviderStatus> providerStatus(EthAddress provider);

    /** The nonce the account's next signed key publication must carry. */
    Mono<BigInteger> nextNonce(EthAddress account);

    /** The relayer's {@code publishEncryptionKeyBySig} call for {@code publication}, for the outbox to send. */
    ChainCall keyPublicationCall(SignedKeyPublication publication);
}
