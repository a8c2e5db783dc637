package io.healthkey.backend.it;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.EmergencyMessage;

/**
 * Bodies of the emergency relays for {@code AuthorizationMatrixIT}: well-formed messages with a signature by nobody,
 * so that the signer's own call reaches the chain's simulation and is refused there ({@code EMERGENCY-0001}) without
 * changing anything, and every other caller is refused before ({@code REQUEST-0007}).
 */
final class EmergencyMatrixRows {

    private static final String NOBODYS_SIGNATURE = "0x" + "11".repeat(32) + "22".repeat(32) + "1c";
    private static final String REASON = "the matrix asks";

    private EmergencyMatrixRows() {
    }

    static Map<String, Object> setup(String patient, String keyholder) {
        return Map.of("setup", Map.of("patient", patient, "keyholders", List.of(keyholder), "threshold", "1",
                "windowLength", "3600", "scopes", List.of(Scope.all().toBytes32().toHex()), "nonce", "0",
                "deadline", deadline()), "signature", NOBODYS_SIGNATURE);
    }

    static Map<String, Object> request(String requester, String patient) {
        return Map.of("request", Map.of("requester", requester, "patient", patient, "purpose", "ETREAT",
                "reasonHash", EmergencyMessage.reasonHash(REASON).toHex(), "nonce", "0", "deadline", deadline()),
                "reason", REASON, "signature", NOBODYS_SIGNATURE);
    }

    static Map<String, Object> approval(String keyholder, String patient, String requester) {
        return Map.of("approval", Map.of("keyholder", keyholder, "patient", patient, "requester", requester,
                "round", "1", "deadline", deadline()), "signature", NOBODYS_SIGNATURE);
    }

    static Map<String, Object> closure(String patient, String requester) {
        return Map.of("closure", Map.of("patient", patient, "requester", requester, "nonce", "0",
                "deadline", deadline()), "signature", NOBODYS_SIGNATURE);
    }

    private static String deadline() {
        return Long.toString(Instant.now().plusSeconds(600).getEpochSecond());
    }
}
