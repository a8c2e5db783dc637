package io.healthkey.backend.adapter.in.web;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

import io.healthkey.backend.application.port.in.AuditedRecord;
import io.healthkey.backend.application.port.in.UploadReceipt;
import io.healthkey.backend.domain.consent.ConsentChange;
import io.healthkey.backend.domain.record.LoggedRead;
import io.healthkey.backend.domain.record.ReadEntry;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.protocol.EthAddress;
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

    record ConsentChangeResponse(String kind, String grantee, String scope, String action, String purpose,
            String expiresAt, String transactionHash, long blockNumber, String at) {

        static ConsentChangeResponse of(ConsentChange change) {
            return new ConsentChangeResponse(change.kind().name(), change.grantee().toString(),
                    change.scope().toBytes32().toHex(), change.action().name(),
                    change.purpose().map(purpose -> purpose.hl7Code()).orElse(null),
                    change.expiresAt().map(Object::toString).orElse(null),
                    change.transaction().transactionHash(), change.transaction().blockNumber(), change.at().toString());
        }
    }

    /** @param id the read's id: {@code /patients/{patient}/reads/{id}/proof} proves its receipt */
    record ReadResponse(long id, String recordId, String reader, boolean allowed, String deniedCode,
            Long blockNumber, String at) {

        static ReadResponse of(LoggedRead logged) {
            ReadEntry entry = logged.entry();
            return new ReadResponse(logged.id(), entry.record().toHex(), entry.reader().toString(), entry.allowed(),
                    entry.deniedCode().orElse(null), entry.blockNumber().orElse(null), entry.at().toString());
        }
    }
}
