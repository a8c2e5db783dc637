package io.healthkey.backend.application.record;

import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * The address of the key the patient's current emergency kit seals (docs/FORMAT.md, "Emergency kit"): the one reader
 * a patient may wrap a record key for without a READ grant, since the chain opens that key's records only through an
 * emergency window, to a requester that rebuilt the key from its keyholders' shares.
 */
public interface EmergencyKeysPort {

    /** The address ({@code EncryptionPublicKey.address()}) of the patient's current emergency key; empty without a kit. */
    Mono<EthAddress> emergencyKeyOf(EthAddress patient);

    /** No emergency kits: for tools and tests that follow none. */
    EmergencyKeysPort NONE = patient -> Mono.empty();
}
