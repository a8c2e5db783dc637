package io.healthkey.backend.adapter.inbound.web;

import io.swagger.v3.oas.annotations.media.Schema;

import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.MinedTransaction;

/** JSON shape of a chain request's status. */
final class ChainRequestDtos {

    private ChainRequestDtos() {
    }

    static String statusUrl(ChainRequest request) {
        return "/api/v1/chain-requests/" + request.id();
    }

    static String eventsUrl(ChainRequest request) {
        return statusUrl(request) + "/events";
    }

    @Schema(name = "ChainRequest", description = "An on-chain request: ACCEPTED (stored), SENT (signed and "
            + "broadcast), MINED (in a block, with its transaction), CONFIRMED (deep enough; final) or FAILED (final, "
            + "with the stable error code)",
            requiredProperties = {"id", "kind", "status", "account", "patient", "subject", "acceptedAt", "updatedAt"})
    record ChainRequestResponse(
            @Schema(pattern = ApiPatterns.REQUEST_ID) String id,
            @Schema(description = "GRANT, REVOCATION, ANCHOR, KEY_PUBLICATION, AUDIT_ROOT, …") String kind,
            @Schema(allowableValues = {"ACCEPTED", "SENT", "MINED", "CONFIRMED", "FAILED"}) String status,
            @Schema(description = "who asked for it", pattern = ApiPatterns.ADDRESS) String account,
            @Schema(description = "whose records or consent it concerns", pattern = ApiPatterns.ADDRESS) String patient,
            @Schema(description = "what it is about: a record id, a grant slot, …") String subject,
            @Schema(description = "MINED and CONFIRMED: the transaction", pattern = ApiPatterns.BYTES32)
            String transactionHash,
            @Schema(description = "MINED and CONFIRMED: its block") Long blockNumber,
            @Schema(description = "FAILED: the stable code (docs/CODES.md)", pattern = ApiPatterns.PROBLEM_CODE)
            String failureCode,
            @Schema(description = "FAILED: why, for people") String failureDetail,
            @Schema(description = "accepted at: " + ApiPatterns.INSTANT_UNIT, format = "date-time") String acceptedAt,
            @Schema(description = "last change at: " + ApiPatterns.INSTANT_UNIT, format = "date-time")
            String updatedAt) {

        static ChainRequestResponse of(ChainRequest request) {
            MinedTransaction mined = request.transaction().orElse(null);
            return new ChainRequestResponse(request.id(), request.kind().name(), request.status().name(),
                    request.account().toString(), request.patient().toString(), request.subject(),
                    mined == null ? null : mined.transactionHash(), mined == null ? null : mined.blockNumber(),
                    request.failureCode().orElse(null), request.failureDetail().orElse(null),
                    request.acceptedAt().toString(), request.updatedAt().toString());
        }
    }

    /**
     * One server-sent event of {@code /chain-requests/{id}/events}, for the OpenAPI document: the frame's fields, the
     * {@code data} line holding the status JSON.
     */
    @Schema(description = "One text/event-stream frame: `event:` the status, `id:` status@updatedAt, `data:` the "
            + "request's JSON, as GET /chain-requests/{id} answers it. The stream ends after CONFIRMED or FAILED.",
            requiredProperties = {"event", "id", "data"})
    record ChainRequestEvent(
            @Schema(allowableValues = {"ACCEPTED", "SENT", "MINED", "CONFIRMED", "FAILED"}) String event,
            @Schema(description = "<status>@<updatedAt>") String id,
            ChainRequestResponse data) {
    }
}
