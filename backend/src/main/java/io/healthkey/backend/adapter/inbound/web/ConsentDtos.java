package io.healthkey.backend.adapter.inbound.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.application.outbox.RelayReceipt;
import io.healthkey.backend.domain.consent.AccessDecision;

/** JSON shapes of the consent endpoints. Integers that may exceed 2^53 travel as decimal strings. */
final class ConsentDtos {

    static final String SCOPE = "bytes32, 0x + 64 hex: zero for all the patient's records, a category code "
            + "(0x00…0002 for Observation, docs/CODES.md), or one of the patient's record ids";
    static final String ACTION = "1 or READ, 2 or WRITE";
    static final String ACTION_PATTERN = "^(1|2|READ|WRITE)$";
    static final String PURPOSE = "an HL7 PurposeOfUse code (TREAT, …) or its number (docs/CODES.md)";
    static final String PURPOSE_PATTERN = "^([1-9][0-9]{0,4}|[A-Z]{2,12})$";

    private ConsentDtos() {
    }

    @Schema(description = "The `message` of the Grant typed data the patient signed, field for field",
            requiredProperties = {"patient", "grantee", "scope", "action", "purpose", "expiresAt", "nonce", "deadline"})
    record GrantBody(
            @Schema(pattern = ApiPatterns.ADDRESS) String patient,
            @Schema(pattern = ApiPatterns.ADDRESS) String grantee,
            @Schema(description = SCOPE, pattern = ApiPatterns.BYTES32) String scope,
            @Schema(description = ACTION, pattern = ACTION_PATTERN) String action,
            @Schema(description = PURPOSE, pattern = PURPOSE_PATTERN) String purpose,
            @Schema(description = "when the grant ends: " + ApiPatterns.UNIX_SECONDS_UNIT,
                    pattern = ApiPatterns.UNIX_SECONDS) String expiresAt,
            @Schema(description = "the patient's consent nonce, uint256 in decimal", pattern = ApiPatterns.UINT)
            String nonce,
            @Schema(description = "the signature is refused after: " + ApiPatterns.UNIX_SECONDS_UNIT,
                    pattern = ApiPatterns.UNIX_SECONDS) String deadline) {
    }

    @Schema(description = "The `message` of the Revocation typed data the patient signed, field for field",
            requiredProperties = {"patient", "grantee", "scope", "action", "nonce", "deadline"})
    record RevocationBody(
            @Schema(pattern = ApiPatterns.ADDRESS) String patient,
            @Schema(pattern = ApiPatterns.ADDRESS) String grantee,
            @Schema(description = SCOPE, pattern = ApiPatterns.BYTES32) String scope,
            @Schema(description = ACTION, pattern = ACTION_PATTERN) String action,
            @Schema(description = "the patient's consent nonce, uint256 in decimal", pattern = ApiPatterns.UINT)
            String nonce,
            @Schema(description = "the signature is refused after: " + ApiPatterns.UNIX_SECONDS_UNIT,
                    pattern = ApiPatterns.UNIX_SECONDS) String deadline) {
    }

    @Schema(description = "The `message` of the CancelNonces typed data the patient signed, field for field",
            requiredProperties = {"patient", "newNonce", "nonce", "deadline"})
    record NonceCancellationBody(
            @Schema(pattern = ApiPatterns.ADDRESS) String patient,
            @Schema(description = "the nonce the patient's next message will carry; every nonce from `nonce` up to "
                    + "it (excluded) is voided; uint256 in decimal", pattern = ApiPatterns.UINT) String newNonce,
            @Schema(description = "the patient's consent nonce, uint256 in decimal", pattern = ApiPatterns.UINT)
            String nonce,
            @Schema(description = "the signature is refused after: " + ApiPatterns.UNIX_SECONDS_UNIT,
                    pattern = ApiPatterns.UNIX_SECONDS) String deadline) {
    }

    @Schema(description = "A record key the patient wrapped (ECIES, eciesjs format) for the grantee",
            requiredProperties = {"recordId", "wrappedKey"})
    record WrappedKeyBody(@Schema(description = "record id", pattern = ApiPatterns.BYTES32) String recordId,
            @Schema(description = "wrapped key (docs/FORMAT.md)", pattern = ApiPatterns.HEX) String wrappedKey) {
    }

    @Schema(requiredProperties = {"grant", "signature"})
    record SignedGrantRequest(GrantBody grant,
            @Schema(description = ApiPatterns.TYPED_DATA_SIGNATURE, pattern = ApiPatterns.SIGNATURE)
            String signature,
            @Schema(description = "record keys wrapped for the grantee, for records the grant covers; optional")
            List<WrappedKeyBody> recordKeys) {
    }

    @Schema(requiredProperties = {"revocation", "signature"})
    record SignedRevocationRequest(RevocationBody revocation,
            @Schema(description = ApiPatterns.TYPED_DATA_SIGNATURE, pattern = ApiPatterns.SIGNATURE)
            String signature) {
    }

    @Schema(requiredProperties = {"cancellation", "signature"})
    record SignedNonceCancellationRequest(NonceCancellationBody cancellation,
            @Schema(description = ApiPatterns.TYPED_DATA_SIGNATURE, pattern = ApiPatterns.SIGNATURE)
            String signature) {
    }

    @Schema(description = "An accepted relay: stored in the outbox, not yet on chain. Follow it at statusUrl (or "
            + "its server-sent events at eventsUrl) until CONFIRMED or FAILED",
            requiredProperties = {"requestId", "kind", "status", "statusUrl", "eventsUrl"})
    record RelayResponse(
            @Schema(pattern = ApiPatterns.REQUEST_ID) String requestId,
            @Schema(description = "GRANT, REVOCATION, KEY_PUBLICATION, …") String kind,
            @Schema(description = "ACCEPTED when answered (ChainRequest.status)",
                    allowableValues = {"ACCEPTED", "SENT", "MINED", "CONFIRMED", "FAILED"}) String status,
            @Schema(description = "GET it for the request's status (ChainRequest)", format = "uri-reference")
            String statusUrl,
            @Schema(description = "GET it as text/event-stream: the status now, then each change",
                    format = "uri-reference") String eventsUrl) {

        static RelayResponse of(RelayReceipt receipt) {
            var request = receipt.request();
            return new RelayResponse(request.id(), request.kind().name(), request.status().name(),
                    ChainRequestDtos.statusUrl(request), ChainRequestDtos.eventsUrl(request));
        }
    }

    @Schema(requiredProperties = {"allowed", "patient", "grantee", "record", "action", "blockNumber"})
    record AccessResponse(boolean allowed,
            @Schema(pattern = ApiPatterns.ADDRESS) String patient,
            @Schema(pattern = ApiPatterns.ADDRESS) String grantee,
            @Schema(description = "record id", pattern = ApiPatterns.BYTES32) String record,
            @Schema(allowableValues = {"READ", "WRITE"}) String action,
            @Schema(description = "the block the answer holds at") long blockNumber) {

        static AccessResponse of(AccessDecision decision) {
            var query = decision.query();
            return new AccessResponse(decision.allowed(), query.patient().toString(), query.grantee().toString(),
                    query.record().toHex(), query.action().name(), decision.blockNumber());
        }
    }

    @Schema(name = "ConsentNonce", requiredProperties = {"patient", "nonce"})
    record NonceResponse(@Schema(pattern = ApiPatterns.ADDRESS) String patient,
            @Schema(description = "the nonce the next signed grant or revocation carries, uint256 in decimal",
                    pattern = ApiPatterns.UINT) String nonce) {
    }
}
