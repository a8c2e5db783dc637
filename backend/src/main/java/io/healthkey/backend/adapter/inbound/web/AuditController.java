package io.healthkey.backend.adapter.inbound.web;

import static io.healthkey.backend.adapter.inbound.web.RequestFields.address;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.id;

import java.util.List;
import java.util.function.Function;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.adapter.inbound.web.ChainRequestDtos.ChainRequestEvent;
import io.healthkey.backend.adapter.inbound.web.ChainRequestDtos.ChainRequestResponse;
import io.healthkey.backend.adapter.inbound.web.RecordDtos.ConsentChangeResponse;
import io.healthkey.backend.adapter.inbound.web.RecordDtos.ReadResponse;
import io.healthkey.backend.adapter.inbound.web.RecordDtos.RecordResponse;
import io.healthkey.backend.adapter.inbound.web.ReceiptDtos.ReadProofResponse;
import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.adapter.inbound.web.openapi.ProblemResponses;
import io.healthkey.backend.application.audit.AuditUseCase;
import io.healthkey.backend.adapter.inbound.web.ReceiptDtos.LostReadLogResponse;
import io.healthkey.backend.application.receipts.LostReadLogUseCase;
import io.healthkey.backend.application.receipts.ReadProofUseCase;
import io.healthkey.backend.domain.audit.Page;
import io.healthkey.backend.domain.audit.PageRequest;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Audit", description = "The patient's own view: records, who holds keys, consent history, every read")
class AuditController {

    static final String PAGED = "A page of at most `limit` items; when there are more, a `Link` header with "
            + "rel=\"next\" gives the URL of the next page. 400 AUDIT-0001 for a cursor that is not one this list "
            + "gave, 400 AUDIT-0002 for a limit out of range.";
    static final String LIMIT = "How many items, 1 to 200; default 50";
    /** 1 to 200 ({@code PageRequest.MAX_LIMIT}), in decimal. */
    static final String LIMIT_PATTERN = "^([1-9]|[1-9][0-9]|1[0-9]{2}|200)$";
    /** base64url without padding, at most 256 characters ({@code PageCursor}). */
    static final String CURSOR_PATTERN = "^[A-Za-z0-9_-]{1,256}$";
    static final String CURSOR = "Opaque: from the previous page's Link header; absent for the first page";

    private final AuditUseCase audit;
    private final ReadProofUseCase proofs;
    private final LostReadLogUseCase lostReads;

    AuditController(AuditUseCase audit, ReadProofUseCase proofs, LostReadLogUseCase lostReads) {
        this.audit = audit;
        this.proofs = proofs;
        this.lostReads = lostReads;
    }

    @GetMapping("/patients/{patient}/records")
    @Operation(operationId = "patientRecords",
            summary = "The patient's record versions, highest serial first, with the readers holding a wrapped key",
            description = PAGED)
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT,
            ErrorCode.AUDIT_MALFORMED_CURSOR, ErrorCode.AUDIT_LIMIT_OUT_OF_RANGE})
    Mono<ResponseEntity<List<RecordResponse>>> records(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String patient,
            @RequestParam(required = false) @Parameter(description = LIMIT, schema = @Schema(pattern = LIMIT_PATTERN))
            String limit,
            @RequestParam(required = false) @Parameter(description = CURSOR, schema = @Schema(pattern = CURSOR_PATTERN))
            String cursor) {
        return page(session, patient, AuditUseCase.RECORDS, limit, cursor, audit::records, RecordResponse::of);
    }

    @GetMapping("/patients/{patient}/consents")
    @Operation(operationId = "patientConsents",
            summary = "The patient's grants and revocations accepted here and not yet indexed (status PENDING), "
                    + "then every one on chain (from the event index), newest first", description = PAGED)
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT,
            ErrorCode.AUDIT_MALFORMED_CURSOR, ErrorCode.AUDIT_LIMIT_OUT_OF_RANGE})
    Mono<ResponseEntity<List<ConsentChangeResponse>>> consents(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String patient,
            @RequestParam(required = false) @Parameter(description = LIMIT, schema = @Schema(pattern = LIMIT_PATTERN))
            String limit,
            @RequestParam(required = false) @Parameter(description = CURSOR, schema = @Schema(pattern = CURSOR_PATTERN))
            String cursor) {
        return page(session, patient, AuditUseCase.CONSENTS, limit, cursor, audit::consents,
                ConsentChangeResponse::of);
    }

    @GetMapping("/patients/{patient}/reads")
    @Operation(operationId = "patientReads",
            summary = "Every attempt to read the patient's records, allowed or denied, newest first; a stranger's "
                    + "denied reads counted into one row per window", description = PAGED)
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT,
            ErrorCode.AUDIT_MALFORMED_CURSOR, ErrorCode.AUDIT_LIMIT_OUT_OF_RANGE})
    Mono<ResponseEntity<List<ReadResponse>>> reads(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String patient,
            @RequestParam(required = false) @Parameter(description = LIMIT, schema = @Schema(pattern = LIMIT_PATTERN))
            String limit,
            @RequestParam(required = false) @Parameter(description = CURSOR, schema = @Schema(pattern = CURSOR_PATTERN))
            String cursor) {
        return page(session, patient, AuditUseCase.READS, limit, cursor, audit::reads, ReadResponse::of);
    }

    @GetMapping("/patients/{patient}/reads/lost")
    @Operation(operationId = "lostReads",
            summary = "Reads committed on chain whose log this service lost with its database",
            description = "The read receipt batches whose roots the chain holds but whose reads this database does not"
                    + " (it replaced a lost one), and how many reads they cover: every patient's, since which reads"
                    + " were whose was only in the lost database. Zero and zero when the read log is whole.")
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT, ErrorCode.CHAIN_UNAVAILABLE})
    Mono<LostReadLogResponse> lostReads(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String patient) {
        return Mono.fromCallable(() -> address("patient", patient))
                .flatMap(address -> lostReads.lostBefore(session.address(), address))
                .map(LostReadLogResponse::of);
    }

    @GetMapping("/patients/{patient}/reads/{readId}/proof")
    @Operation(operationId = "readProof",
            summary = "The Merkle inclusion proof of one read's receipt against the root published on chain",
            description = "409 RECEIPT-0006 until the read's batch is on chain; 404 RECEIPT-0005 for no such read")
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT, ErrorCode.RECEIPT_NO_SUCH_READ,
            ErrorCode.RECEIPT_NOT_YET_ANCHORED, ErrorCode.RECEIPT_ROOT_MISMATCH, ErrorCode.CHAIN_UNAVAILABLE})
    Mono<ReadProofResponse> readProof(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String patient,
            @Parameter(description = "the read's id, from the reads list", schema = @Schema(pattern = ApiPatterns.ID))
            @PathVariable String readId) {
        return Mono.fromCallable(() -> address("patient", patient))
                .flatMap(address -> proofs.proof(session.address(), address, id("readId", readId)))
                .map(ReadProofResponse::of);
    }

    @GetMapping("/chain-requests/{id}")
    @Operation(operationId = "chainRequest",
            summary = "The status of an on-chain request (an anchor, grant, revocation, key publication)",
            description = "Only the requester and the patient see it; anyone else: 404 CHAIN-0005.")
    @ProblemResponses(ErrorCode.CHAIN_NO_SUCH_TRANSACTION)
    Mono<ChainRequestResponse> chainRequest(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.REQUEST_ID)) @PathVariable String id) {
        return audit.chainRequest(session.address(), id).map(ChainRequestResponse::of);
    }

    @GetMapping(path = "/chain-requests/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "chainRequestEvents",
            summary = "Server-sent events: the request's status now, then each change; ends on CONFIRMED or FAILED",
            description = "Each event is named after the status and carries the same JSON as the status URL. Only the "
                    + "requester and the patient see it; anyone else: 404 CHAIN-0005.")
    @ApiResponse(responseCode = "200", description = "a text/event-stream of ChainRequestEvent frames",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(implementation = ChainRequestEvent.class)))
    @ProblemResponses(ErrorCode.CHAIN_NO_SUCH_TRANSACTION)
    Flux<ServerSentEvent<ChainRequestResponse>> chainRequestEvents(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.REQUEST_ID)) @PathVariable String id) {
        return audit.chainRequestChanges(session.address(), id)
                .map(request -> ServerSentEvent.builder(ChainRequestResponse.of(request))
                        .id(request.status().name() + "@" + request.updatedAt())
                        .event(request.status().name())
                        .build());
    }

    /**
     * One page of {@code list}: the patient and the page parsed inside the chain (so their errors are problem+json),
     * then the use case's {@code query}, then the items as JSON with the next page's link.
     */
    private static <T, R> Mono<ResponseEntity<List<R>>> page(Session session, String patient, String list,
            String limit, String cursor, AuditListQuery<T> query, Function<T, R> toJson) {
        return Mono.fromCallable(() -> address("patient", patient))
                .zipWith(Mono.fromCallable(() -> AuditPages.request(list, limit, cursor)))
                .flatMap(asked -> query.page(session.address(), asked.getT1(), asked.getT2())
                        .map(page -> AuditPages.response("/api/v1/patients/" + asked.getT1() + "/" + list,
                                asked.getT2(), page, toJson)));
    }

    /** One of {@link AuditUseCase}'s lists. */
    @FunctionalInterface
    private interface AuditListQuery<T> {
        Mono<Page<T>> page(EthAddress viewer, EthAddress patient, PageRequest page);
    }
}
