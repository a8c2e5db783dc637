package io.healthkey.backend.adapter.inbound.web;

import static io.healthkey.backend.adapter.inbound.web.RequestFields.cid;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.recordId;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.required;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.adapter.inbound.web.RecordDtos.UploadResponse;
import io.healthkey.backend.adapter.inbound.web.RecordPartDtos.CompleteRequest;
import io.healthkey.backend.adapter.inbound.web.RecordPartDtos.PartResponse;
import io.healthkey.backend.adapter.inbound.web.RecordPartDtos.PartsResponse;
import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.adapter.inbound.web.openapi.ProblemResponses;
import io.healthkey.backend.application.record.MultipartUploadUseCase;
import io.healthkey.backend.application.record.PartRange;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;

/** A reserved record's envelope in parts: each part retryable, the list readable to resume, then completed. */
@RestController
@RequestMapping("/api/v1/records/{recordId}/content")
@Tag(name = "Records")
class RecordPartsController {

    /** {@code bytes first-last/total}, as RFC 9110 writes a Content-Range, with no unknown total. */
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(\\d{1,18})");
    private static final int MAX_PART_NUMBER = 9_999;

    private final MultipartUploadUseCase uploads;

    RecordPartsController(MultipartUploadUseCase uploads) {
        this.uploads = uploads;
    }

    @PutMapping(path = "/parts/{partNumber}", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(operationId = "uploadRecordContentPart",
            summary = "Upload one part of the record envelope, streamed; retry it freely",
            description = "Part n holds the bytes Content-Range names: part 0 starts at byte 0 with the header, "
                    + "each next part starts where the previous one ended, and every part but the last is whole "
                    + "sealed segments (1,048,592 bytes each; part 0 the header before them), 1 to 64 of them. The "
                    + "same bytes again answer the same part; other bytes under a stored number are 409 "
                    + "RECORD-0016.")
    @Parameter(name = HttpHeaders.CONTENT_RANGE, in = ParameterIn.HEADER, required = true,
            description = "bytes first-last/total: the part's bytes of the envelope, inclusive, and the envelope's "
                    + "length", schema = @Schema(pattern = "^bytes [0-9]+-[0-9]+/[0-9]+$"))
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.RECORD_RESERVATION_UNKNOWN,
            ErrorCode.RECORD_NOT_WRITABLE, ErrorCode.RECORD_PART_CONFLICT, ErrorCode.RECORD_PART_OUT_OF_ORDER,
            ErrorCode.RECORD_PART_INVALID_RANGE, ErrorCode.RECORD_INVALID_ENVELOPE, ErrorCode.RECORD_PARTS_UNSUPPORTED,
            ErrorCode.CONTENT_UNAVAILABLE, ErrorCode.CONTENT_UPSTREAM_ERROR, ErrorCode.CONTENT_INTEGRITY,
            ErrorCode.CONTENT_STORAGE_FAILED, ErrorCode.CHAIN_UNAVAILABLE})
    Mono<PartResponse> putPart(@Parameter(hidden = true) Session session,
            @Parameter(description = "the reserved record id", schema = @Schema(pattern = ApiPatterns.BYTES32))
            @PathVariable String recordId,
            @Parameter(description = "0 for the part that starts the envelope, then 1, 2, ...",
                    schema = @Schema(pattern = "^[0-9]{1,4}$")) @PathVariable String partNumber,
            ServerHttpRequest request,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    description = "the part's bytes of the record envelope (docs/FORMAT.md)",
                    content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                            schema = @Schema(type = "string", format = "binary")))
            @RequestBody Flux<DataBuffer> body) {
        return Mono.fromCallable(() -> {
                    PartRange range = range(request.getHeaders().getFirst(HttpHeaders.CONTENT_RANGE));
                    OptionalLong declared = BinaryBodies.declaredLength(request);
                    if (declared.isPresent() && declared.getAsLong() != range.length()) {
                        throw new DomainException(ErrorCode.RECORD_PART_INVALID_RANGE,
                                "Content-Length differs from the length Content-Range gives");
                    }
                    return range;
                })
                .flatMap(range -> uploads.putPart(session.address(), recordId("recordId", recordId),
                        partNumber(partNumber), range, body))
                .map(PartResponse::of);
    }

    @GetMapping("/parts")
    @Operation(operationId = "listRecordContentParts",
            summary = "The parts stored for your reservation: where to resume an upload")
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.RECORD_RESERVATION_UNKNOWN,
            ErrorCode.RECORD_NOT_WRITABLE, ErrorCode.CHAIN_UNAVAILABLE})
    Mono<PartsResponse> parts(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.BYTES32)) @PathVariable String recordId) {
        return Mono.fromCallable(() -> recordId("recordId", recordId))
                .flatMap(id -> uploads.parts(session.address(), id))
                .map(PartsResponse::of);
    }

    @PostMapping("/complete")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "completeRecordContent",
            summary = "Join the parts into the envelope, check its CID, pin and anchor it",
            description = "The CID must be the one a one-shot upload of the whole envelope gets (CIDv1, raw leaves, "
                    + "256 KiB chunks, 174 links); answers as PUT /content does, and the anchor goes on the same way.")
    @ProblemResponses({ErrorCode.LIMIT_SPONSORSHIP_EXHAUSTED, ErrorCode.REQUEST_INVALID_FIELD,
            ErrorCode.RECORD_RESERVATION_UNKNOWN, ErrorCode.RECORD_NOT_WRITABLE, ErrorCode.RECORD_PARTS_MISSING,
            ErrorCode.RECORD_PARTS_CID_MISMATCH, ErrorCode.RECORD_PARTS_UNSUPPORTED, ErrorCode.RECORD_ID_TAKEN,
            ErrorCode.RECORD_INVALID_SUPERSEDES, ErrorCode.RECORD_INVALID_ID, ErrorCode.RECORD_INVALID_CONTENT,
            ErrorCode.RECORD_UNAUTHORIZED_AUTHOR, ErrorCode.RECORD_UNAUTHORIZED_RELAYER, ErrorCode.CONTENT_UNAVAILABLE,
            ErrorCode.CONTENT_UPSTREAM_ERROR, ErrorCode.CONTENT_INTEGRITY, ErrorCode.CONTENT_NOT_FOUND,
            ErrorCode.CONTENT_STORAGE_FAILED, ErrorCode.CONTENT_REPLICATION_NOT_REACHED, ErrorCode.CHAIN_UNAVAILABLE,
            ErrorCode.CHAIN_UNKNOWN_REVERT})
    Mono<UploadResponse> complete(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.BYTES32)) @PathVariable String recordId,
            @RequestBody CompleteRequest request) {
        return Mono.fromCallable(() -> cid("cid", required("body", request).cid()))
                .flatMap(expected -> uploads.complete(session.address(), recordId("recordId", recordId), expected))
                .map(UploadResponse::of);
    }

    /** The range of a {@code Content-Range} header; the header's value is never echoed. */
    static PartRange range(String header) {
        Matcher match = header == null ? null : CONTENT_RANGE.matcher(header.strip());
        if (match == null || !match.matches()) {
            throw new DomainException(ErrorCode.REQUEST_INVALID_FIELD,
                    "Content-Range is required, as bytes first-last/total");
        }
        return PartRange.ofInclusive(Long.parseLong(match.group(1)), Long.parseLong(match.group(2)),
                Long.parseLong(match.group(3)));
    }

    private static int partNumber(String text) {
        if (text == null || !text.matches("\\d{1,4}") || Integer.parseInt(text) > MAX_PART_NUMBER) {
            throw new DomainException(ErrorCode.REQUEST_INVALID_FIELD, "partNumber must be 0 to " + MAX_PART_NUMBER);
        }
        return Integer.parseInt(text);
    }
}
