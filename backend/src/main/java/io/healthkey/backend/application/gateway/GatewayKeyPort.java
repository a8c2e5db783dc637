package io.healthkey.backend.application.gateway;

import java.util.Optional;

import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EthAddress;

/**
 * The encryption keys of the clinics this gateway serves. A clinic that uses the gateway entrusts it with its
 * record-key decryption key, so that its EHR can post and read plaintext FHIR; no other account's key is here.
 */
public interface GatewayKeyPort {

    Optional<EncryptionPrivateKey> keyOf(EthAddress clinic);
}
