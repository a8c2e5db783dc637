package io.healthkey.backend.adapter.inbound.web;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.swagger.v3.oas.annotations.media.Schema;

import io.healthkey.backend.application.audit.AuditedRecord;
import io.healthkey.backend.application.record.UploadReceipt;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.consent.ConsentChange;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.backend.domain.record.LoggedRead;
import io.healthkey.backend.domain.record.ReadEntry;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;

/** JSON shapes of the record and audit endpoints. */
final class RecordDtos {

    private RecordDtos() {
    }

    @Schema(description = "A client-side encrypted record to come: its id is reserved, its keys kept")
    record ReservationRequest(
            @Schema(description = "the patient's address") String patient,
            @Schema(description = "record category code (docs/CODES.md)") String category,
            @Schema(description = "the plaintext's media type, e.g. application/fhir+json") String mediaType,
            @Schema(description = "the record id of the version this one replaces; optional") String supersedes,
            @Schema(description = "reader address -> record key wrapped for them (ECIES, eciesjs format), 0x hex; "
                    + "must hold the patient and the uploader") Map<String, String> wrappedKeys) {
    }

    record ReservationResponse(String recordId, String patient, int category, String serial, String expiresAt,
            String uploadUrl) {

        static ReservationResponse of(RecordVersion reservation) {
            RecordId id = reservation.id();
            return new ReservationResponse(id.toHex(), id.patient().toString(), id.category().code(),
                    id.serial().toString(), reservation.expiresAt().toString(),
                    "/api/v1/records/" + id.toHex() + "/content");
        }
    }

    @Schema(description = "An accepted upload: the ciphertext is pinned; the anchor goes on, followed at statusUrl")
    record UploadResponse(String recordId, String cid, long size, String status, String requestId, String statusUrl) {

        static UploadResponse of(UploadReceipt receipt) {
            RecordVersion version = receipt.version();
            return new UploadResponse(version.id().toHex(), version.cid().map(Cid::toString).orElse(null),
                    version.size(), version.status().name(), receipt.anchor().id(),
                    ChainRequestDtos.statusUrl(receipt.anchor()));
        }
    }

    record ReaderKeyRequest(String reader, String wrappedKey) {
    }

    record ReadableKeyResponse(String recordId, String reader, String wrappedKey, String cid, String mediaType,
            long size) {
    }

    record RecordResponse(String recordId, int category, String serial, String author, String origin, String status,
            String mediaType, String cid, long size, String supersedes, String supersededBy, boolean rekeyRequired,
            List<String> readers, String requestId, String createdAt) {

        static RecordResponse of(AuditedRecord audited) {
            RecordVersion version = audited.version();
            return new RecordResponse(version.id().toHex(), version.id().category().code(),
                    version.id().serial().toString(), version.author().toString(), version.origin().name(),
                    version.status().name(), version.mediaType(), version.cid().map(Cid::toString).orElse(null),
                    version.size(), version.supersedes().map(RecordId::toHex).orElse(null),
                    version.supersededBy().map(RecordId::toHex).orElse(null), version.rekeyRequired(),
                    audited.readers().stream().map(EthAddress::toString).toList(),
                    version.chainRequest().orElse(null), version.createdAt().toString());
        }
    }

    @Schema(description = "A grant or revocation. MINED: a ConsentRegistry event in the event index, however it "
            + "reached the chain; it disappears if a reorganisation drops its block. PENDING: accepted by this service, "
            + "not yet in the index")
    record ConsentChangeResponse(
            @Schema(description = "GRANTED or REVOKED") String kind,
            @Schema(description = "MINED or PENDING") String status,
            String grantee,
            @Schema(description = "bytes32: zero for all records, a category code, or a record id") String scope,
            @Schema(description = "READ or WRITE") String action,
            @Schema(description = "grants: the HL7 PurposeOfUse code, or the on-chain number if it names none")
            String purpose,
            @Schema(description = "grants: when the grant ends") String expiresAt,
            @Schema(description = "MINED; PENDING once this service saw it mined") String transactionHash,
            @Schema(description = "as transactionHash") Long blockNumber,
            @Schema(description = "MINED: the event's index in its block") Integer logIndex,
            @Schema(description = "MINED: the block's timestamp; PENDING: when this service accepted it") String at,
            @Schema(description = "the chain request of this service that carries it, if any") String requestId,
            @Schema(description = "that request's status") String requestStatus) {

        static ConsentChangeResponse of(ConsentChange change) {
            GrantKey key = change.key();
            boolean granted = change.kind() == ConsentChange.Kind.GRANTED;
            Optional<ChainRequest> request = change.request();
            Optional<MinedTransaction> seenMined = request.flatMap(ChainRequest::transaction);
            Optional<LogPosition> event = change.event();
            return new ConsentChangeResponse(change.kind().name(), change.status().name(), key.grantee().toString(),
                    key.scope().toHex(), Action.ofCode(key.action()).name(),
                    granted ? purpose(change.purpose()) : null,
                    granted ? Instant.ofEpochSecond(Math.min(change.expiresAt(), Instant.MAX.getEpochSecond()))
                            .toString() : null,
                    event.map(LogPosition::transactionHash)
                            .or(() -> seenMined.map(MinedTransaction::transactionHash)).orElse(null),
                    event.map(LogPosition::blockNumber).or(() -> seenMined.map(MinedTransaction::blockNumber))
                            .orElse(null),
                    event.map(LogPosition::logIndex).orElse(null),
                    change.at().toString(),
                    request.map(ChainRequest::id).orElse(null),
                    request.map(r -> r.status().name()).orElse(null));
        }

        private static String purpose(int code) {
            return Arrays.stream(Purpose.values()).filter(p -> p.code() == code).findFirst()
                    .map(Purpose::hl7Code).orElse(Integer.toString(code));
        }
    }

    /** @param id the read's id: {@code /patients/{patient}/reads/{id}/proof} proves its receipt */
    /**
     * One row of the read log. For an aggregate of a stranger's denied reads ({@code aggregated} true): {@code at},
     * {@code recordId} and {@code deniedCode} are the first read's, {@code count} how many came until {@code lastAt},
     * and {@code windowEnd} when the window closes (until then the count may still grow).
     */
    record ReadResponse(long id, String recordId, String reader, boolean allowed, String deniedCode,
            Long blockNumber, String at, long count, String lastAt, boolean aggregated, String windowEnd) {

        static ReadResponse of(LoggedRead logged) {
            ReadEntry entry = logged.entry();
            return new ReadResponse(logged.id(), entry.record().toHex(), entry.reader().toString(), entry.allowed(),
                    entry.deniedCode().orElse(null), entry.blockNumber().orElse(null), entry.at().toString(),
                    logged.count(), logged.lastAt().toString(), logged.isAggregate(),
                    logged.windowEnd().map(Object::toString).orElse(null));
        }
    }
}
