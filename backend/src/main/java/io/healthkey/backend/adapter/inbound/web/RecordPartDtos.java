package io.healthkey.backend.adapter.inbound.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.application.record.UploadPart;

/** The bodies of the multi-part upload routes ({@link RecordPartsController}). */
final class RecordPartDtos {

    private RecordPartDtos() {
    }

    record PartResponse(
            @Schema(description = "the part's number") int partNumber,
            @Schema(description = "its first byte's offset in the envelope") long firstByte,
            @Schema(description = "its last byte's offset in the envelope (inclusive)") long lastByte,
            @Schema(description = "the envelope's length in bytes") long envelopeLength,
            @Schema(description = "the SHA-256 of the part's bytes", pattern = ApiPatterns.BYTES32) String sha256) {

        static PartResponse of(UploadPart part) {
            return new PartResponse(part.number(), part.offset(), part.end() - 1, part.envelopeLength(),
                    part.sha256().toHex());
        }
    }

    record PartsResponse(
            @Schema(description = "the parts stored, by number: always parts 0 to n-1, one prefix of the envelope")
            List<PartResponse> parts,
            @Schema(description = "the number the next part takes") int nextPartNumber,
            @Schema(description = "the offset the next part starts at") long nextByte,
            @Schema(description = "whether the parts hold the whole envelope: complete the upload") boolean whole) {

        static PartsResponse of(List<UploadPart> parts) {
            UploadPart last = parts.isEmpty() ? null : parts.get(parts.size() - 1);
            return new PartsResponse(parts.stream().map(PartResponse::of).toList(), parts.size(),
                    last == null ? 0 : last.end(), last != null && last.isLast());
        }
    }

    @Schema(requiredProperties = "cid")
    record CompleteRequest(
            @Schema(description = "the CID the whole envelope has (ipfs add --cid-version=1 --raw-leaves)",
                    pattern = ApiPatterns.CID) String cid) {
    }
}
