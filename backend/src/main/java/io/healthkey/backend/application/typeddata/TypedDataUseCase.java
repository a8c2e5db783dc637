package io.healthkey.backend.application.typeddata;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

import io.healthkey.protocol.Action;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.TypedData;
import reactor.core.publisher.Mono;

/**
 * The EIP-712 typed data a wallet signs, exactly as {@code eth_signTypedData_v4} takes it: this deployment's domain,
 * the signer's next nonce (pending intents in the outbox counted), and the caller's fields. A {@code deadline} left
 * empty is {@code SignatureDeadlines.DEFAULT_LIFETIME} from now. Typed data this service would refuse to relay is not
 * served: a consent message's deadline must be ahead and within the longest lifetime accepted ({@code CONSENT-0002},
 * {@code CONSENT-0010}), a grant's expiry ahead ({@code CONSENT-0008}).
 */
public interface TypedDataUseCase {

    Mono<TypedData> grant(EthAddress patient, EthAddress grantee, Scope scope, Action action, Purpose purpose,
            Instant expiresAt, Optional<Instant> deadline);

    Mono<TypedData> revocation(EthAddress patient, EthAddress grantee, Scope scope, Action action,
            Optional<Instant> deadline);

    /**
     * A cancellation of every nonce of {@code patient}'s from their next one up to {@code newNonce} (excluded);
     * {@code CONSENT-0011} when {@code newNonce} is not after the next nonce or more than
     * {@code CancelNoncesMessage.MAX_NONCE_JUMP} after it.
     */
    Mono<TypedData> nonceCancellation(EthAddress patient, BigInteger newNonce, Optional<Instant> deadline);

    Mono<TypedData> keyPublication(EthAddress account, EncryptionPublicKey publicKey, Optional<Instant> deadline);
}
