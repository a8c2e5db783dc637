package io.healthkey.backend.application.emergency;

import io.healthkey.backend.domain.emergency.EmergencyTransfer;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.ShareTransferMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Delivering the key in an emergency (docs/API.md, "Emergency access"), with the guardian recovery machinery: the
 * patient's emergency kit is a recovery kit's bytes (category 4099) whose guardians are its keyholders; a keyholder
 * re-wraps its share for the requester's published key and signs a {@code ShareTransfer}; the requester collects k of
 * them while its window is open, rebuilds the kit's secret, opens the patient's emergency key and with it the record
 * key wrapped for that key. This service relays ciphertext: it never holds a share it can open, nor a key.
 */
public interface EmergencyKeysUseCase {

    /**
     * The bytes of {@code patient}'s current emergency kit, as anchored: to the patient, to the kit's keyholders, and
     * to a requester while its window is open ({@code EMERGENCY-0022} to anyone else, {@code EMERGENCY-0025} without
     * a kit).
     */
    Mono<byte[]> kit(EthAddress viewer, EthAddress patient);

    /**
     * Accepts {@code keyholder}'s signed transfer to {@code requester}, who must have a request in its approval
     * period or an open window ({@code EMERGENCY-0022}): {@code EMERGENCY-0016} if the caller is not a keyholder of
     * the kit, {@code EMERGENCY-0023} for a transfer naming another kit, patient, keyholder or key than the
     * requester's published one, or past its deadline, {@code EMERGENCY-0001} unless the keyholder signed it in this
     * chain's recovery domain, {@code EMERGENCY-0024} for a second one.
     */
    Mono<EmergencyTransfer> transfer(EthAddress keyholder, EthAddress patient, EthAddress requester,
            ShareTransferMessage message, AccountSignature signature);

    /** The transfers to {@code requester} of {@code patient}'s current kit, while its window is open. */
    Flux<EmergencyTransfer> transfers(EthAddress requester, EthAddress patient);
}
