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

import io.healthkey.backend.adapter.inbound.web.CaregiverDtos.CaregiverActionResponse;
import io.healthkey.backend.adapter.inbound.web.CaregiverDtos.CaregiverResponse;
import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.adapter.inbound.web.openapi.ProblemResponses;
import io.healthkey.backend.application.caregiver.CaregiverQueryUseCase;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.error.ErrorCode;

/** Who acts for whom: a patient's caregivers and their actions, a caregiver's patients. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Caregivers")
class CaregiverAuditController {

    private final CaregiverQueryUseCase caregivers;

    CaregiverAuditController(CaregiverQueryUseCase caregivers) {
        this.caregivers = caregivers;
    }

    @GetMapping("/patients/{patient}/caregivers")
    @Operation(operationId = "listCaregivers", summary = "The signed-in patient's caregivers, with powers, scopes, "
            + "expiry and status, from the event index")
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT})
    Mono<List<CaregiverResponse>> caregivers(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String patient) {
        return Mono.fromCallable(() -> address("patient", patient))
                .flatMap(address -> caregivers.caregiversOf(session.address(), address))
                .map(views -> views.stream().map(CaregiverResponse::of).toList());
    }

    @GetMapping("/patients/{patient}/caregiver-actions")
    @Operation(operationId = "listCaregiverActions", summary = "Every caregiver action for the signed-in patient, "
            + "newest first, each with who acted: appointments, revocations, and grants and revocations by caregivers")
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT})
    Mono<List<CaregiverActionResponse>> actions(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String patient) {
        return Mono.fromCallable(() -> address("patient", patient))
                .flatMap(address -> caregivers.actionsFor(session.address(), address))
                .map(actions -> actions.stream().map(CaregiverActionResponse::of).toList());
    }

    @GetMapping("/caregivers/{account}/patients")
    @Operation(operationId = "listCaregiverPatients", summary = "The patients the signed-in caregiver was appointed "
            + "for, with powers, scopes, expiry and status")
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT})
    Mono<List<CaregiverResponse>> patients(@Parameter(hidden = true) Session session,
            @Parameter(description = "the caregiver", schema = @Schema(pattern = ApiPatterns.ADDRESS))
            @PathVariable String account) {
        return Mono.fromCallable(() -> address("account", account))
                .flatMap(address -> caregivers.patientsOf(session.address(), address))
                .map(views -> views.stream().map(CaregiverResponse::of).toList());
    }

    @GetMapping("/caregivers/{account}/patients/{patient}/grants")
    @Operation(operationId = "listCaregiverGrants", summary = "What the signed-in caregiver granted on the patient's "
            + "behalf: its latest grant or revocation per grantee, scope and action, newest first (kind GRANTED or "
            + "REVOKED), from the event index")
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT})
    Mono<List<CaregiverActionResponse>> grants(@Parameter(hidden = true) Session session,
            @Parameter(description = "the caregiver", schema = @Schema(pattern = ApiPatterns.ADDRESS))
            @PathVariable String account,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String patient) {
        return Mono.defer(() -> caregivers.grantsBy(session.address(), address("account", account),
                        address("patient", patient)))
                .map(actions -> actions.stream().map(CaregiverActionResponse::of).toList());
    }
}
