package io.healthkey.backend.adapter.inbound.web;

import static io.healthkey.backend.adapter.inbound.web.RequestFields.action;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.address;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.epochSeconds;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.purpose;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.scope;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import io.healthkey.backend.adapter.inbound.web.TypedDataController.AppointmentTypedDataDocument;
import io.healthkey.backend.adapter.inbound.web.TypedDataController.TypedDataDocument;
import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.adapter.inbound.web.openapi.ProblemResponses;
import io.healthkey.backend.application.caregiver.CaregiverTypedDataUseCase;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.TypedData;

/** The caregiver messages' typed data, for the signed-in signer: see {@link CaregiverTypedDataUseCase}. */
@RestController
@RequestMapping("/api/v1/typed-data")
@Tag(name = "Typed data")
class CaregiverTypedDataController {

    private static final String SCOPES_PATTERN = "^0x[0-9a-fA-F]{64}(,0x[0-9a-fA-F]{64}){0,7}$";
    private static final String EXPIRES_AT = "when it ends: " + ApiPatterns.UNIX_SECONDS_UNIT;

    private final CaregiverTypedDataUseCase typedData;

    CaregiverTypedDataController(CaregiverTypedDataUseCase typedData) {
        this.typedData = typedData;
    }

    @GetMapping("/caregiver-appointment")
    @Operation(operationId = "caregiverAppointmentTypedData",
            summary = "An Appointment for the signed-in appointer (the patient, or a caregiver holding APPOINT)")
    @ApiResponse(responseCode = "200", description = "the eth_signTypedData_v4 parameter",
            content = @Content(schema = @Schema(implementation = AppointmentTypedDataDocument.class)))
    @ProblemResponses(value = {ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.CONSENT_SIGNATURE_EXPIRED,
            ErrorCode.CONSENT_DEADLINE_TOO_FAR, ErrorCode.CONSENT_EXPIRY_IN_PAST,
            ErrorCode.CAREGIVER_INVALID_CAREGIVER, ErrorCode.CAREGIVER_INVALID_POWERS,
            ErrorCode.CAREGIVER_INVALID_SCOPES, ErrorCode.CHAIN_UNAVAILABLE}, protocol = "PROTO-0003")
    Mono<Map<String, Object>> appointment(@Parameter(hidden = true) Session session,
            @Parameter(description = "default: the signed-in account", schema = @Schema(pattern = ApiPatterns.ADDRESS))
            @RequestParam(required = false) String patient,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @RequestParam String caregiver,
            @Parameter(description = "1 to 8 scopes joined by commas, each " + ConsentDtos.SCOPE,
                    schema = @Schema(pattern = SCOPES_PATTERN)) @RequestParam String scopes,
            @Parameter(description = CaregiverDtos.POWERS, schema = @Schema(pattern = CaregiverDtos.POWERS_PATTERN))
            @RequestParam String powers,
            @Parameter(description = EXPIRES_AT, schema = @Schema(pattern = ApiPatterns.UNIX_SECONDS))
            @RequestParam String expiresAt,
            @Parameter(description = TypedDataController.DEADLINE, schema = @Schema(pattern = ApiPatterns.UNIX_SECONDS))
            @RequestParam(required = false) String deadline) {
        EthAddress appointer = session.address();
        return Mono.defer(() -> {
            EthAddress forPatient = patient == null ? appointer : address("patient", patient);
            return typedData.appointment(appointer, forPatient,
                    CaregiverRequests.appointee("caregiver", caregiver, forPatient, appointer),
                    CaregiverRequests.scopes("scopes", forPatient, List.of(scopes.split(",", -1))),
                    CaregiverRequests.powers("powers", powers),
                    epochSeconds("expiresAt", expiresAt), TypedDataController.deadline(deadline));
        }).map(TypedData::toMap);
    }

    @GetMapping("/caregiver-revocation")
    @Operation(operationId = "caregiverRevocationTypedData",
            summary = "A CaregiverRevocation for the signed-in patient to sign")
    @ApiResponse(responseCode = "200", description = "the eth_signTypedData_v4 parameter",
            content = @Content(schema = @Schema(implementation = TypedDataDocument.class)))
    @ProblemResponses(value = {ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.CONSENT_SIGNATURE_EXPIRED,
            ErrorCode.CONSENT_DEADLINE_TOO_FAR, ErrorCode.CHAIN_UNAVAILABLE}, protocol = "PROTO-0003")
    Mono<Map<String, Object>> revocation(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @RequestParam String caregiver,
            @Parameter(description = TypedDataController.DEADLINE, schema = @Schema(pattern = ApiPatterns.UNIX_SECONDS))
            @RequestParam(required = false) String deadline) {
        return Mono.defer(() -> typedData.revocation(session.address(), address("caregiver", caregiver),
                        TypedDataController.deadline(deadline)))
                .map(TypedData::toMap);
    }

    @GetMapping("/caregiver-grant")
    @Operation(operationId = "caregiverGrantTypedData",
            summary = "A CaregiverGrant for the signed-in caregiver to sign for a patient")
    @ApiResponse(responseCode = "200", description = "the eth_signTypedData_v4 parameter",
            content = @Content(schema = @Schema(implementation = TypedDataDocument.class)))
    @ProblemResponses(value = {ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.CONSENT_SIGNATURE_EXPIRED,
            ErrorCode.CONSENT_DEADLINE_TOO_FAR, ErrorCode.CONSENT_EXPIRY_IN_PAST, ErrorCode.CHAIN_UNAVAILABLE},
            protocol = "PROTO-0003")
    Mono<Map<String, Object>> grant(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @RequestParam String patient,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @RequestParam String grantee,
            @Parameter(description = ConsentDtos.SCOPE, schema = @Schema(pattern = ApiPatterns.BYTES32))
            @RequestParam String scope,
            @Parameter(description = ConsentDtos.ACTION, schema = @Schema(pattern = ConsentDtos.ACTION_PATTERN))
            @RequestParam String action,
            @Parameter(description = ConsentDtos.PURPOSE, schema = @Schema(pattern = ConsentDtos.PURPOSE_PATTERN))
            @RequestParam String purpose,
            @Parameter(description = EXPIRES_AT, schema = @Schema(pattern = ApiPatterns.UNIX_SECONDS))
            @RequestParam String expiresAt,
            @Parameter(description = TypedDataController.DEADLINE, schema = @Schema(pattern = ApiPatterns.UNIX_SECONDS))
            @RequestParam(required = false) String deadline) {
        return Mono.defer(() -> {
            EthAddress forPatient = address("patient", patient);
            return typedData.grant(session.address(), forPatient, address("grantee", grantee),
                    scope("scope", forPatient, scope), action("action", action), purpose("purpose", purpose),
                    epochSeconds("expiresAt", expiresAt), TypedDataController.deadline(deadline));
        }).map(TypedData::toMap);
    }

    @GetMapping("/caregiver-grant-revocation")
    @Operation(operationId = "caregiverGrantRevocationTypedData",
            summary = "A CaregiverGrantRevocation for the signed-in caregiver to sign for a patient")
    @ApiResponse(responseCode = "200", description = "the eth_signTypedData_v4 parameter",
            content = @Content(schema = @Schema(implementation = TypedDataDocument.class)))
    @ProblemResponses(value = {ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.CONSENT_SIGNATURE_EXPIRED,
            ErrorCode.CONSENT_DEADLINE_TOO_FAR, ErrorCode.CHAIN_UNAVAILABLE}, protocol = "PROTO-0003")
    Mono<Map<String, Object>> grantRevocation(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @RequestParam String patient,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @RequestParam String grantee,
            @Parameter(description = ConsentDtos.SCOPE, schema = @Schema(pattern = ApiPatterns.BYTES32))
            @RequestParam String scope,
            @Parameter(description = ConsentDtos.ACTION, schema = @Schema(pattern = ConsentDtos.ACTION_PATTERN))
            @RequestParam String action,
            @Parameter(description = TypedDataController.DEADLINE, schema = @Schema(pattern = ApiPatterns.UNIX_SECONDS))
            @RequestParam(required = false) String deadline) {
        return Mono.defer(() -> {
            EthAddress forPatient = address("patient", patient);
            return typedData.grantRevocation(session.address(), forPatient, address("grantee", grantee),
                    scope("scope", forPatient, scope), action("action", action),
                    TypedDataController.deadline(deadline));
        }).map(TypedData::toMap);
    }
}
