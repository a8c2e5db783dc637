package io.healthkey.backend.adapter.inbound.web;

import io.swagger.v3.oas.annotations.media.Schema;

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

    @Schema(description = "An on-chain request: ACCEPTED (stored), SENT (signed and broadcast), MINED (in a block, "
            + "with its transaction), CONFIRMED (deep enough; final) or FAILED (final, with the stable error code)")
    record ChainRequestResponse(String id, String kind, String status, String account, String patient,
            String subject, String transactionHash, Long blockNumber, String failureCode, String failureDetail,
            String acceptedAt, String updatedAt) {

        static ChainRequestResponse of(ChainRequest request) {
            MinedTransaction mined = request.transaction().orElse(null);
            return new ChainRequestResponse(request.id(), request.kind().name(), request.status().name(),
                    request.account().toString(), request.patient().toString(), request.subject(),
                    mined == null ? null : mined.transactionHash(), mined == null ? null : mined.blockNumber(),
                    request.failureCode().orElse(null), request.failureDetail().orElse(null),
                    request.acceptedAt().toString(), request.updatedAt().toString());
        }
    }
}
