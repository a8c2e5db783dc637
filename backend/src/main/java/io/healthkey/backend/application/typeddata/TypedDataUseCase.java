package io.healthkey.backend.application.typeddata;

import java.time.Instant;

import io.healthkey.protocol.Action;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.TypedData;
import reactor.core.publisher.Mono;

/**
 * The EIP-712 typed data a wallet signs, exactly as {@code eth_signTypedData_v4} takes it: this deployment's domain,
 * the signer's next nonce read from the chain, and the caller's fields.
 */
public interface TypedDataUseCase {

    Mono<TypedData> grant(EthAddress patient, EthAddress grantee, Scope scope, Action action, Purpose purpose,
            Instant expiresAt, Instant deadline);

    Mono<TypedData> revocation(EthAddress patient, EthAddress grantee, Scope scope, Action action, Instant deadline);

    Mono<TypedData> keyPublication(EthAddress account, EncryptionPublicKey publicKey, Instant deadline);
}
