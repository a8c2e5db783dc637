package io.healthkey.backend.adapter.inbound.web;

import static io.healthkey.backend.adapter.inbound.web.RequestFields.address;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import io.healthkey.backend.adapter.inbound.web.IdentityDtos.IdentityStepResponse;
import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.adapter.inbound.web.openapi.ProblemResponses;
import io.healthkey.backend.application.identity.IdentityHistoryUseCase;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.error.ErrorCode;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Audit", description = "The patient's own records, readers, consent history and reads")
class IdentityController {

    private final IdentityHistoryUseCase identity;

    IdentityController(IdentityHistoryUseCase identity) {
        this.identity = identity;
    }

    @GetMapping("/patients/{patient}/identity-history")
    @Operation(operationId = "identityHistory", summary = "Every step of the guardian recoveries of your passkey "
            + "account's signer, as the account logged them on chain, newest first (the latest 500)")
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT})
    Mono<List<IdentityStepResponse>> history(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String patient) {
        return Mono.fromCallable(() -> address("patient", patient))
                .flatMapMany(account -> identity.history(session.address(), account))
                .map(IdentityStepResponse::of)
                .collectList();
    }
}
