package io.healthkey.backend.adapter.inbound.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

import io.healthkey.backend.adapter.inbound.web.ConsentDtos.WrappedKeyBody;
import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;

/** JSON shapes of the caregiver endpoints: each message is its typed data's {@code message}, field for field. */
final class CaregiverDtos {

    static final String POWERS = "bit flags, 1 READ, 2 WRITE, 4 GRANT_REVOKE, 8 APPOINT: a number (e.g. 5) or names "
            + "joined by commas (READ,GRANT_REVOKE)";
    static final String POWERS_PATTERN = "^([1-9]|1[0-5]|[A-Z_]+(,[A-Z_]+){0,3})$";
    static final String NONCE = "the signer's consent nonce, uint256 in decimal";
    static final String DEADLINE = "the signature is refused after: " + ApiPatterns.UNIX_SECONDS_UNIT;

    private CaregiverDtos() {
    }

    @Schema(description = "The `message` of the Appointment typed data the appointer signed",
            requiredProperties = {"appointer", "patient", "caregiver", "scopes", "powers", "expiresAt", "nonce",
                    "deadline"})
    record AppointmentBody(
            @Schema(description = "the patient, or a caregiver of the patient holding APPOINT",
                    pattern = ApiPatterns.ADDRESS) String appointer,
            @Schema(pattern = ApiPatterns.ADDRESS) String patient,
            @Schema(pattern = ApiPatterns.ADDRESS) String caregiver,
            @Schema(description = "1 to 8 scopes, each " + ConsentDtos.SCOPE) List<String> scopes,
            @Schema(description = POWERS, pattern = POWERS_PATTERN) String powers,
            @Schema(description = "when the appointment ends: " + ApiPatterns.UNIX_SECONDS_UNIT,
                    pattern = ApiPatterns.UNIX_SECONDS) String expiresAt,
            @Schema(description = NONCE, pattern = ApiPatterns.UINT) String nonce,
            @Schema(description = DEADLINE, pattern = ApiPatterns.UNIX_SECONDS) String deadline) {
    }

    @Schema(description = "The `message` of the CaregiverRevocation typed data the patient signed",
            requiredProperties = {"patient", "caregiver", "nonce", "deadline"})
    record CaregiverRevocationBody(
            @Schema(pattern = ApiPatterns.ADDRESS) String patient,
            @Schema(pattern = ApiPatterns.ADDRESS) String caregiver,
            @Schema(description = NONCE, pattern = ApiPatterns.UINT) String nonce,
            @Schema(description = DEADLINE, pattern = ApiPatterns.UNIX_SECONDS) String deadline) {
    }

    @Schema(description = "The `message` of the CaregiverGrant typed data the caregiver signed",
            requiredProperties = {"caregiver", "patient", "grantee", "scope", "action", "purpose", "expiresAt",
                    "nonce", "deadline"})
    record CaregiverGrantBody(
            @Schema(pattern = ApiPatterns.ADDRESS) String caregiver,
            @Schema(pattern = ApiPatterns.ADDRESS) String patient,
            @Schema(pattern = ApiPatterns.ADDRESS) String grantee,
            @Schema(description = ConsentDtos.SCOPE, pattern = ApiPatterns.BYTES32) String scope,
            @Schema(description = ConsentDtos.ACTION, pattern = ConsentDtos.ACTION_PATTERN) String action,
            @Schema(description = ConsentDtos.PURPOSE, pattern = ConsentDtos.PURPOSE_PATTERN) String purpose,
            @Schema(description = "when the grant ends, at the latest the caregiver's own expiry: "
                    + ApiPatterns.UNIX_SECONDS_UNIT, pattern = ApiPatterns.UNIX_SECONDS) String expiresAt,
            @Schema(description = NONCE, pattern = ApiPatterns.UINT) String nonce,
            @Schema(description = DEADLINE, pattern = ApiPatterns.UNIX_SECONDS) String deadline) {
    }

    @Schema(description = "The `message` of the CaregiverGrantRevocation typed data the caregiver signed",
            requiredProperties = {"caregiver", "patient", "grantee", "scope", "action", "nonce", "deadline"})
    record CaregiverGrantRevocationBody(
            @Schema(pattern = ApiPatterns.ADDRESS) String caregiver,
            @Schema(pattern = ApiPatterns.ADDRESS) String patient,
            @Schema(pattern = ApiPatterns.ADDRESS) String grantee,
            @Schema(description = ConsentDtos.SCOPE, pattern = ApiPatterns.BYTES32) String scope,
            @Schema(description = ConsentDtos.ACTION, pattern = ConsentDtos.ACTION_PATTERN) String action,
            @Schema(description = NONCE, pattern = ApiPatterns.UINT) String nonce,
            @Schema(description = DEADLINE, pattern = ApiPatterns.UNIX_SECONDS) String deadline) {
    }

    @Schema(requiredProperties = {"appointment", "signature"})
    record SignedAppointmentRequest(AppointmentBody appointment,
            @Schema(description = ApiPatterns.TYPED_DATA_SIGNATURE, pattern = ApiPatterns.SIGNATURE)
            String signature,
            @Schema(description = "record keys wrapped for the caregiver, for records its scopes cover; optional")
            List<WrappedKeyBody> recordKeys) {
    }

    @Schema(requiredProperties = {"revocation", "signature"})
    record SignedCaregiverRevocationRequest(CaregiverRevocationBody revocation,
            @Schema(description = ApiPatterns.TYPED_DATA_SIGNATURE, pattern = ApiPatterns.SIGNATURE)
            String signature) {
    }

    @Schema(requiredProperties = {"grant", "signature"})
    record SignedCaregiverGrantRequest(CaregiverGrantBody grant,
            @Schema(description = ApiPatterns.TYPED_DATA_SIGNATURE, pattern = ApiPatterns.SIGNATURE)
            String signature,
            @Schema(description = "record keys the caregiver wrapped for the grantee, for records the grant covers; "
                    + "optional") List<WrappedKeyBody> recordKeys) {
    }

    @Schema(requiredProperties = {"revocation", "signature"})
    record SignedCaregiverGrantRevocationRequest(CaregiverGrantRevocationBody revocation,
            @Schema(description = ApiPatterns.TYPED_DATA_SIGNATURE, pattern = ApiPatterns.SIGNATURE)
            String signature) {
    }
}
