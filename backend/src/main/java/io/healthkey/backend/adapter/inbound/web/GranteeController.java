package io.healthkey.backend.adapter.inbound.web;

import static io.healthkey.backend.adapter.inbound.web.AuditController.CURSOR;
import static io.healthkey.backend.adapter.inbound.web.AuditController.CURSOR_PATTERN;
import static io.healthkey.backend.adapter.inbound.web.AuditController.LIMIT;
import static io.healthkey.backend.adapter.inbound.web.AuditController.LIMIT_PATTERN;
import static io.healthkey.backend.adapter.inbound.web.AuditController.PAGED;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.address;

import java.util.List;
import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

import io.healthkey.backend.adapter.inbound.web.GranteeDtos.ProviderResponse;
import io.healthkey.backend.adapter.inbound.web.GranteeDtos.ReadableRecordResponse;
import io.healthkey.backend.adapter.inbound.web.GranteeDtos.ReceivedGrantResponse;
import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.adapter.inbound.web.openapi.ProblemResponses;
import io.healthkey.backend.application.audit.GranteeViewUseCase;
import io.healthkey.backend.application.directory.ProviderDirectoryUseCase;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.directory.ProviderSearch;
import io.healthkey.backend.domain.error.ErrorCode;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Grantee", description = "A clinician's view: the grants made to it, the records they open, and the "
        + "providers a patient can grant")
class GranteeController {

    private final GranteeViewUseCase grantees;
    private final ProviderDirectoryUseCase directory;

    GranteeController(GranteeViewUseCase grantees, ProviderDirectoryUseCase directory) {
        this.grantees = grantees;
        this.directory = directory;
    }

    @GetMapping("/grantees/{grantee}/grants")
    @Operation(operationId = "receivedGrants",
            summary = "The live grants to the signed-in account (from the event index), newest first",
            description = "Only the grantee's own: anyone else 403 AUDIT-0003. " + PAGED)
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.AUDIT_NOT_GRANTEE, ErrorCode.AUDIT_MALFORMED_CURSOR,
            ErrorCode.AUDIT_LIMIT_OUT_OF_RANGE})
    Mono<ResponseEntity<List<ReceivedGrantResponse>>> grants(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String grantee,
            @RequestParam(required = false) @Parameter(description = LIMIT, schema = @Schema(pattern = LIMIT_PATTERN))
            String limit,
            @RequestParam(required = false) @Parameter(description = CURSOR, schema = @Schema(pattern = CURSOR_PATTERN))
            String cursor) {
        return Mono.fromCallable(() -> address("grantee", grantee))
                .zipWith(Mono.fromCallable(() -> AuditPages.request(GranteeViewUseCase.GRANTS, limit, cursor)))
                .flatMap(asked -> grantees.grants(session.address(), asked.getT1(), asked.getT2())
                        .map(page -> AuditPages.response("/api/v1/grantees/" + asked.getT1() + "/grants",
                                asked.getT2(), page, ReceivedGrantResponse::of)));
    }

    @GetMapping("/grantees/{grantee}/patients/{patient}/records")
    @Operation(operationId = "readableRecords",
            summary = "The patient's record versions the signed-in grantee may read now, highest serial first",
            description = "Those a live READ grant of the patient's, or the scopes of a live caregiver appointment "
                    + "with READ, cover and the permission check allows; empty if the patient granted or appointed "
                    + "nothing live. Only the grantee's own: anyone else 403 AUDIT-0003. " + PAGED)
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.AUDIT_NOT_GRANTEE, ErrorCode.AUDIT_MALFORMED_CURSOR,
            ErrorCode.AUDIT_LIMIT_OUT_OF_RANGE})
    Mono<ResponseEntity<List<ReadableRecordResponse>>> readableRecords(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String grantee,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String patient,
            @RequestParam(required = false) @Parameter(description = LIMIT, schema = @Schema(pattern = LIMIT_PATTERN))
            String limit,
            @RequestParam(required = false) @Parameter(description = CURSOR, schema = @Schema(pattern = CURSOR_PATTERN))
            String cursor) {
        return Mono.fromCallable(() -> List.of(address("grantee", grantee), address("patient", patient)))
                .zipWith(Mono.fromCallable(() -> AuditPages.request(GranteeViewUseCase.READABLE_RECORDS, limit,
                        cursor)))
                .flatMap(asked -> grantees.readableRecords(session.address(), asked.getT1().get(0),
                                asked.getT1().get(1), asked.getT2())
                        .map(page -> AuditPages.response("/api/v1/grantees/" + asked.getT1().get(0) + "/patients/"
                                + asked.getT1().get(1) + "/records", asked.getT2(), page,
                                ReadableRecordResponse::of)));
    }

    @GetMapping("/providers")
    @Operation(operationId = "providers",
            summary = "Accredited providers, not suspended, with a published encryption key, by name",
            description = "From the event index; `search` keeps those whose name, a word of it, or address starts "
                    + "with it (case-insensitive): 422 DIRECTORY-0010 for one that no name or address could start "
                    + "with. " + PAGED)
    @ProblemResponses({ErrorCode.DIRECTORY_INVALID_SEARCH, ErrorCode.AUDIT_MALFORMED_CURSOR,
            ErrorCode.AUDIT_LIMIT_OUT_OF_RANGE})
    Mono<ResponseEntity<List<ProviderResponse>>> providers(
            @RequestParam(required = false) @Parameter(description = "the start of a name, of a word of it, or of an"
                    + " address; 1 to " + ProviderSearch.MAX_LENGTH + " characters", schema = @Schema(pattern =
                    ProviderSearch.PATTERN)) String search,
            @RequestParam(required = false) @Parameter(description = LIMIT, schema = @Schema(pattern = LIMIT_PATTERN))
            String limit,
            @RequestParam(required = false) @Parameter(description = CURSOR, schema = @Schema(pattern = CURSOR_PATTERN))
            String cursor) {
        return Mono.fromCallable(() -> Optional.ofNullable(search).map(ProviderSearch::of))
                .zipWith(Mono.fromCallable(() -> AuditPages.request(ProviderDirectoryUseCase.PROVIDERS, limit,
                        cursor)))
                .flatMap(asked -> directory.providers(asked.getT1(), asked.getT2())
                        .map(page -> AuditPages.response(UriComponentsBuilder.fromPath("/api/v1/providers")
                                .queryParamIfPresent("search", Optional.ofNullable(search).map(String::strip)),
                                asked.getT2(), page, ProviderResponse::of)));
    }
}
