package io.healthkey.backend.adapter.inbound.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

import io.healthkey.backend.adapter.inbound.web.ConsentDtos.WrappedKeyBody;
import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.domain.caregiver.CaregiverAction;
import io.healthkey.backend.domain.caregiver.CaregiverView;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.CaregiverPowers;

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

    @Schema(name = "Caregiver", description = "A caregiver of a patient at its latest appointment or revocation",
            requiredProperties = {"patient", "caregiver", "scopes", "powers", "expiresAt", "status", "generation",
                    "since", "rekeyAdvised"})
    record CaregiverResponse(
            @Schema(pattern = ApiPatterns.ADDRESS) String patient,
            @Schema(pattern = ApiPatterns.ADDRESS) String caregiver,
            @Schema(description = "the caregiver that appointed it; absent when the patient did",
                    pattern = ApiPatterns.ADDRESS) String appointer,
            @Schema(description = "each " + ConsentDtos.SCOPE) List<String> scopes,
            @Schema(description = "READ, WRITE, GRANT_REVOKE, APPOINT") List<String> powers,
            @Schema(description = "when the appointment ends: " + ApiPatterns.UNIX_SECONDS_UNIT,
                    pattern = ApiPatterns.UNIX_SECONDS) String expiresAt,
            @Schema(description = "LIVE (neither revoked nor expired; one appointed by a caregiver also ends with "
                    + "it), EXPIRED or REVOKED", allowableValues = {"LIVE", "EXPIRED", "REVOKED"}) String status,
            @Schema(description = "the pair's generation: grants the caregiver made in another have ended")
            long generation,
            @Schema(description = "when the latest appointment or revocation was mined: "
                    + ApiPatterns.UNIX_SECONDS_UNIT, pattern = ApiPatterns.UNIX_SECONDS) String since,
            @Schema(description = "EXPIRED with READ: its keys were not dropped (no transaction); write the next "
                    + "versions of the records it could read under new keys") boolean rekeyAdvised) {

        static CaregiverResponse of(CaregiverView view) {
            return new CaregiverResponse(view.patient().toString(), view.caregiver().toString(),
                    view.appointer().map(Object::toString).orElse(null),
                    view.scopes().stream().map(Bytes32::toHex).toList(),
                    view.powers() == 0 ? List.of() : new CaregiverPowers(view.powers()).names(),
                    Long.toString(view.expiresAt().getEpochSecond()), view.status().name(), view.generation(),
                    Long.toString(view.since().getEpochSecond()), view.rekeyAdvised());
        }
    }

    @Schema(name = "CaregiverAction", description = "One caregiver action in the patient's history, and who acted",
            requiredProperties = {"kind", "by", "caregiver", "scopes", "at", "transaction", "blockNumber"})
    record CaregiverActionResponse(
            @Schema(allowableValues = {"APPOINTED", "CAREGIVER_REVOKED", "GRANTED", "REVOKED"}) String kind,
            @Schema(description = "who acted: the patient, or the caregiver (\"by caregiver X\")",
                    pattern = ApiPatterns.ADDRESS) String by,
            @Schema(pattern = ApiPatterns.ADDRESS) String caregiver,
            @Schema(description = "GRANTED and REVOKED: whose access changed", pattern = ApiPatterns.ADDRESS)
            String grantee,
            @Schema(description = "each " + ConsentDtos.SCOPE) List<String> scopes,
            @Schema(description = "APPOINTED: the powers; GRANTED and REVOKED: the action") List<String> powers,
            @Schema(description = "APPOINTED: when the appointment ends: " + ApiPatterns.UNIX_SECONDS_UNIT,
                    pattern = ApiPatterns.UNIX_SECONDS) String expiresAt,
            @Schema(description = "when it was mined: " + ApiPatterns.UNIX_SECONDS_UNIT,
                    pattern = ApiPatterns.UNIX_SECONDS) String at,
            @Schema(pattern = ApiPatterns.BYTES32) String transaction,
            long blockNumber) {

        static CaregiverActionResponse of(CaregiverAction action) {
            boolean appointment = action.kind() == CaregiverAction.Kind.APPOINTED;
            boolean grant = action.kind() == CaregiverAction.Kind.GRANTED
                    || action.kind() == CaregiverAction.Kind.REVOKED;
            List<String> powers = appointment ? new CaregiverPowers(action.powersOrAction()).names()
                    : grant ? List.of(Action.ofCode(action.powersOrAction()).name()) : List.of();
            return new CaregiverActionResponse(action.kind().name(), action.by().toString(),
                    action.caregiver().toString(), action.grantee().map(Object::toString).orElse(null),
                    action.scopes().stream().map(Bytes32::toHex).toList(), powers,
                    appointment ? Long.toString(action.expiresAt()) : null,
                    Long.toString(action.at().getEpochSecond()), action.transaction(), action.block());
        }
    }
}
