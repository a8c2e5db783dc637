package io.healthkey.backend.adapter.inbound.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

import io.healthkey.backend.application.outbox.RelayReceipt;
import io.healthkey.backend.domain.consent.AccessDecision;

/** JSON shapes of the consent endpoints. Integers that may exceed 2^53 travel as decimal strings. */
final class ConsentDtos {

    private ConsentDtos() {
    }

    @Schema(description = "The `message` of the Grant typed data the patient signed, field for field")
    record GrantBody(String patient, String grantee, String scope, String action, String purpose, String expiresAt,
            String nonce, String deadline) {
    }

    @Schema(description = "The `message` of the Revocation typed data the patient signed, field for field")
    record RevocationBody(String patient, String grantee, String scope, String action, String nonce, String deadline) {
    }

    @Schema(description = "The `message` of the CancelNonces typed data the patient signed, field for field")
    record NonceCancellationBody(String patient, String newNonce, String nonce, String deadline) {
    }

    @Schema(description = "A record key the patient wrapped (ECIES, eciesjs format) for the grantee")
    record WrappedKeyBody(@Schema(description = "record id, 0x + 64 hex") String recordId,
            @Schema(description = "wrapped key, 0x hex") String wrappedKey) {
    }

    record SignedGrantRequest(GrantBody grant,
            @Schema(description = "65-byte r|s|v signature from eth_signTypedData_v4, 0x hex") String signature,
            @Schema(description = "record keys wrapped for the grantee, for records the grant covers; optional")
            List<WrappedKeyBody> recordKeys) {
    }

    record SignedRevocationRequest(RevocationBody revocation,
            @Schema(description = "65-byte r|s|v signature from eth_signTypedData_v4, 0x hex") String signature) {
    }

    record SignedNonceCancellationRequest(NonceCancellationBody cancellation,
            @Schema(description = "65-byte r|s|v signature from eth_signTypedData_v4, 0x hex") String signature) {
    }

    @Schema(description = "An accepted relay: stored in the outbox, not yet on chain. Follow it at statusUrl (or "
            + "its /events stream) until CONFIRMED or FAILED")
    record RelayResponse(String requestId, String kind, String status, String statusUrl, String eventsUrl) {

        static RelayResponse of(RelayReceipt receipt) {
            var request = receipt.request();
            return new RelayResponse(request.id(), request.kind().name(), request.status().name(),
                    ChainRequestDtos.statusUrl(request), ChainRequestDtos.eventsUrl(request));
        }
    }

    record AccessResponse(boolean allowed, String patient, String grantee, String record, String action,
            long blockNumber) {

        static AccessResponse of(AccessDecision decision) {
            var query = decision.query();
            return new AccessResponse(decision.allowed(), query.patient().toString(), query.grantee().toString(),
                    query.record().toHex(), query.action().name(), decision.blockNumber());
        }
    }

    record NonceResponse(String patient, String nonce) {
    }
}
