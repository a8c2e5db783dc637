package io.healthkey.backend.application.caregiver;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.healthkey.protocol.Action;
import io.healthkey.protocol.CaregiverPowers;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.TypedData;
import reactor.core.publisher.Mono;

/**
 * The EIP-712 typed data of the caregiver messages, for the signer to sign as it is ({@code eth_signTypedData_v4}):
 * in the ConsentRegistry's domain, with the signer's next nonce (pending intents in the outbox counted) and a
 * deadline this service accepts (the default one when none is asked). The signer is the signed-in account.
 */
public interface CaregiverTypedDataUseCase {

    /** {@code appointer} (the patient or an appointing caregiver) appoints {@code caregiver}. */
    Mono<TypedData> appointment(EthAddress appointer, EthAddress patient, EthAddress caregiver, List<Scope> scopes,
            CaregiverPowers powers, Instant expiresAt, Optional<Instant> deadline);

    /** {@code patient} revokes {@code caregiver}. */
    Mono<TypedData> revocation(EthAddress patient, EthAddress caregiver, Optional<Instant> deadline);

    /** {@code caregiver} grants for {@code patient}. */
    Mono<TypedData> grant(EthAddress caregiver, EthAddress patient, EthAddress grantee, Scope scope, Action action,
            Purpose purpose, Instant expiresAt, Optional<Instant> deadline);

    /** {@code caregiver} revokes a grant of {@code patient}'s. */
    Mono<TypedData> grantRevocation(EthAddress caregiver, EthAddress patient, EthAddress grantee, Scope scope,
            Action action, Optional<Instant> deadline);
}
