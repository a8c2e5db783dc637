package io.healthkey.backend.application.emergency;

import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import reactor.core.publisher.Mono;

/**
 * A requester's reads through its open emergency window: the ciphertext only (the requester rebuilds the record key
 * from the keyholders' shares; the service holds no key it could give). Every attempt is in the patient's read log;
 * every allowed one is also flagged as an emergency read and marks the record for re-keying.
 */
public interface EmergencyReadUseCase {

    /**
     * The anchored ciphertext of {@code record}, if {@code reader} holds an indexed window on its patient that is open
     * now, the contract's {@code hasEmergencyAccess} says it covers the record, and {@code reader} is an active
     * provider; {@code EMERGENCY-0022} otherwise (also after the window ends or is closed).
     */
    Mono<EmergencyContent> read(EthAddress reader, RecordId record);
}
