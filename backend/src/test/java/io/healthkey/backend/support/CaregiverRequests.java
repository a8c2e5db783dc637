package io.healthkey.backend.support;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.healthkey.protocol.Action;
import io.healthkey.protocol.CaregiverPowers;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.AppointmentMessage;
import io.healthkey.protocol.eip712.CaregiverGrantMessage;
import io.healthkey.protocol.eip712.CaregiverGrantRevocationMessage;
import io.healthkey.protocol.eip712.CaregiverRevocationMessage;
import io.healthkey.protocol.keywrap.WrappedKey;

/**
 * Bodies of the caregiver relays, each from the API's typed data, checked against the message Java builds and signed
 * by the signer's wallet, as a client does it.
 */
public final class CaregiverRequests {

    private CaregiverRequests() {
    }

    /** {@code appointer} (signed in) appoints {@code caregiver} for {@code patient}, with keys for the caregiver. */
    public static Map<String, Object> appointment(ApiClient appointer, EthAddress patient, EthAddress caregiver,
            List<Scope> scopes, int powers, Instant expiresAt, Map<RecordId, WrappedKey> keys) {
        String joined = String.join(",", scopes.stream().map(scope -> scope.toBytes32().toHex()).toList());
        Map<String, Object> body = appointer.signedFromApi("/api/v1/typed-data/caregiver-appointment?patient="
                        + patient + "&caregiver=" + caregiver + "&scopes=" + joined + "&powers=" + powers
                        + "&expiresAt=" + expiresAt.getEpochSecond(), "appointment",
                message -> new AppointmentMessage(appointer.address(), patient, caregiver, scopes,
                        new CaregiverPowers(powers), expiresAt, nonce(message), deadline(message)));
        body.put("recordKeys", keys(keys));
        return body;
    }

    /** The signed-in patient revokes {@code caregiver}. */
    public static Map<String, Object> revocation(ApiClient patient, EthAddress caregiver) {
        return patient.signedFromApi("/api/v1/typed-data/caregiver-revocation?caregiver=" + caregiver, "revocation",
                message -> new CaregiverRevocationMessage(patient.address(), caregiver, nonce(message),
                        deadline(message)));
    }

    /** The signed-in {@code caregiver} grants for {@code patient}, with keys it wrapped for the grantee. */
    public static Map<String, Object> grant(ApiClient caregiver, EthAddress patient, EthAddress grantee, Scope scope,
            Action action, Instant expiresAt, Map<RecordId, WrappedKey> keys) {
        Map<String, Object> body = caregiver.signedFromApi("/api/v1/typed-data/caregiver-grant?patient=" + patient
                        + "&grantee=" + grantee + "&scope=" + scope.toBytes32().toHex() + "&action=" + action.name()
                        + "&purpose=" + Purpose.TREAT.hl7Code() + "&expiresAt=" + expiresAt.getEpochSecond(), "grant",
                message -> CaregiverGrantMessage.of(caregiver.address(), patient, grantee, scope, action,
                        Purpose.TREAT, expiresAt, nonce(message), deadline(message)));
        body.put("recordKeys", keys(keys));
        return body;
    }

    /** The signed-in {@code caregiver} revokes a grant of {@code patient}'s. */
    public static Map<String, Object> grantRevocation(ApiClient caregiver, EthAddress patient, EthAddress grantee,
            Scope scope, Action action) {
        return caregiver.signedFromApi("/api/v1/typed-data/caregiver-grant-revocation?patient=" + patient
                        + "&grantee=" + grantee + "&scope=" + scope.toBytes32().toHex() + "&action=" + action.name(),
                "revocation", message -> CaregiverGrantRevocationMessage.of(caregiver.address(), patient, grantee,
                        scope, action, nonce(message), deadline(message)));
    }

    private static List<Map<String, String>> keys(Map<RecordId, WrappedKey> keys) {
        List<Map<String, String>> wrapped = new ArrayList<>();
        keys.forEach((id, key) -> wrapped.add(Map.of("recordId", id.toHex(), "wrappedKey", key.toHex())));
        return wrapped;
    }

    private static BigInteger nonce(Map<String, Object> message) {
        return new BigInteger((String) message.get("nonce"));
    }

    private static Instant deadline(Map<String, Object> message) {
        return Instant.ofEpochSecond(Long.parseLong((String) message.get("deadline")));
    }
}
