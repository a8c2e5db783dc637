package io.healthkey.backend.adapter.inbound.web;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.application.audit.AuditedRead;
import io.healthkey.backend.application.audit.AuditedRecord;
import io.healthkey.backend.application.availability.VersionAvailability;
import io.healthkey.backend.application.record.UploadReceipt;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.consent.ConsentChange;
import io.healthkey.backend.domain.emergency.EmergencyFlag;
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

    @Schema(description = "A client-side encrypted record to come: its id is reserved, its keys kept",
            requiredProperties = {"patient", "category", "mediaType", "wrappedKeys"})
    record ReservationRequest(
            @Schema(description = "the patient's address", pattern = ApiPatterns.ADDRESS) String patient,
            @Schema(description = "record category code (docs/CODES.md), in decimal", pattern = "^[1-9][0-9]{0,4}$")
            String category,
            @Schema(description = "the plaintext's media type, e.g. application/fhir+json") String mediaType,
            @Schema(description = "the record id of the version this one replaces; optional",
                    pattern = ApiPatterns.BYTES32) String supersedes,
            @Schema(description = "reader address -> record key wrapped for them (ECIES, eciesjs format), 0x hex; "
                    + "must hold the patient and the uploader",
                    additionalPropertiesSchema = WrappedKeyHex.class) Map<String, String> wrappedKeys) {
    }

    /** A wrapped record key as the document shows it. */
    @Schema(description = "a record key wrapped for one reader (ECIES, eciesjs format, docs/FORMAT.md)",
            pattern = ApiPatterns.HEX, type = "string")
    private interface WrappedKeyHex {
    }

    @Schema(requiredProperties = {"recordId", "patient", "category", "serial", "expiresAt", "uploadUrl"})
    record ReservationResponse(
            @Schema(description = "the reserved record id: the envelope binds it", pattern = ApiPatterns.BYTES32)
            String recordId,
            @Schema(pattern = ApiPatterns.ADDRESS) String patient,
            int category,
            @Schema(description = "uint80 in decimal", pattern = ApiPatterns.UINT) String serial,
            @Schema(description = "upload before: " + ApiPatterns.INSTANT_UNIT, format = "date-time") String expiresAt,
            @Schema(description = "PUT the envelope there", format = "uri-reference") String uploadUrl) {

        static ReservationResponse of(RecordVersion reservation) {
            RecordId id = reservation.id();
            return new ReservationResponse(id.toHex(), id.patient().toString(), id.category().code(),
                    id.serial().toString(), reservation.expiresAt().toString(),
                    "/api/v1/records/" + id.toHex() + "/content");
        }
    }

    @Schema(description = "An accepted upload: the ciphertext is pinned; the anchor goes on, followed at statusUrl "
            + "or, as server-sent events, at eventsUrl",
            requiredProperties = {"recordId", "cid", "size", "status", "requestId", "statusUrl", "eventsUrl"})
    record UploadResponse(
            @Schema(pattern = ApiPatterns.BYTES32) String recordId,
            @Schema(description = "the ciphertext's CID", pattern = ApiPatterns.CID) String cid,
            @Schema(description = "the ciphertext's length in bytes") long size,
            @Schema(description = "the record version's status: ANCHORING until the anchor is confirmed")
            String status,
            @Schema(description = "the anchor's chain request", pattern = ApiPatterns.REQUEST_ID) String requestId,
            @Schema(description = "GET it for the anchor's status (ChainRequest)", format = "uri-reference")
            String statusUrl,
            @Schema(description = "GET it as text/event-stream: the anchor's status now, then each change",
                    format = "uri-reference") String eventsUrl) {

        static UploadResponse of(UploadReceipt receipt) {
            RecordVersion version = receipt.version();
            return new UploadResponse(version.id().toHex(), version.cid().map(Cid::toString).orElse(null),
                    version.size(), version.status().name(), receipt.anchor().id(),
                    ChainRequestDtos.statusUrl(receipt.anchor()), ChainRequestDtos.eventsUrl(receipt.anchor()));
        }
    }

    @Schema(requiredProperties = {"reader", "wrappedKey"})
    record ReaderKeyRequest(
            @Schema(description = "a reader holding a READ grant; or, added by the patient, the address of its current"
                    + " emergency kit's key", pattern = ApiPatterns.ADDRESS) String reader,
            @Schema(description = "the record key wrapped for them", pattern = ApiPatterns.HEX) String wrappedKey) {
    }

    @Schema(requiredProperties = {"recordId", "reader", "wrappedKey", "cid", "mediaType", "size"})
    record ReadableKeyResponse(
            @Schema(pattern = ApiPatterns.BYTES32) String recordId,
            @Schema(pattern = ApiPatterns.ADDRESS) String reader,
            @Schema(description = "the record key wrapped for the reader; for the patient, when this service holds no"
                    + " key for them, the slot of the version 2 envelope's header", pattern = ApiPatterns.HEX)
            String wrappedKey,
            @Schema(description = "the CID the chain anchored", pattern = ApiPatterns.CID) String cid,
            @Schema(description = "the plaintext's media type") String mediaType,
            @Schema(description = "the ciphertext's length in bytes") long size) {
    }

    @Schema(requiredProperties = {"recordId", "category", "serial", "author", "origin", "status", "mediaType", "size",
            "rekeyRequired", "readers", "createdAt", "unavailable"})
    record RecordResponse(
            @Schema(pattern = ApiPatterns.BYTES32) String recordId,
            int category,
            @Schema(description = "uint80 in decimal", pattern = ApiPatterns.UINT) String serial,
            @Schema(pattern = ApiPatterns.ADDRESS) String author,
            @Schema(description = "CLIENT (encrypted by the client), GATEWAY, or RECOVERED (rebuilt from its anchor"
                    + " after this service lost its database: who encrypted it and its media type are not known)")
            String origin,
            @Schema(description = "RESERVED, ANCHORING, ANCHORED, …") String status,
            String mediaType,
            @Schema(description = "the ciphertext's CID, once uploaded", pattern = ApiPatterns.CID) String cid,
            @Schema(description = "the ciphertext's length in bytes") long size,
            @Schema(description = "the version this one replaces", pattern = ApiPatterns.BYTES32) String supersedes,
            @Schema(description = "the version that replaced this one", pattern = ApiPatterns.BYTES32)
            String supersededBy,
            @Schema(description = "a reader lost access: the next version needs a new key") boolean rekeyRequired,
            @ArraySchema(arraySchema = @Schema(description = "readers holding a wrapped key"),
                    schema = @Schema(pattern = ApiPatterns.ADDRESS)) List<String> readers,
            @Schema(description = "the anchor's chain request", pattern = ApiPatterns.REQUEST_ID) String requestId,
            @Schema(description = "reserved at: " + ApiPatterns.INSTANT_UNIT, format = "date-time") String createdAt,
            @Schema(description = "the availability audit found this version at no replica location (neither the "
                    + "primary store nor any pinning service): it cannot be read until the operator restores it")
            boolean unavailable,
            @Schema(description = "replica locations that held a hash-checked copy at the last availability audit; "
                    + "absent until audited") Integer replicas,
            @Schema(description = "when the availability audit last checked this version: " + ApiPatterns.INSTANT_UNIT
                    + "; absent until audited", format = "date-time") String availabilityCheckedAt) {

        static RecordResponse of(AuditedRecord audited) {
            RecordVersion version = audited.version();
            return new RecordResponse(version.id().toHex(), version.id().category().code(),
                    version.id().serial().toString(), version.author().toString(), version.origin().name(),
                    version.status().name(), version.mediaType(), version.cid().map(Cid::toString).orElse(null),
                    version.size(), version.supersedes().map(RecordId::toHex).orElse(null),
                    version.supersededBy().map(RecordId::toHex).orElse(null), version.rekeyRequired(),
                    audited.readers().stream().map(EthAddress::toString).toList(),
                    version.chainRequest().orElse(null), version.createdAt().toString(), audited.unavailable(),
                    audited.availability().map(VersionAvailability::replicas).orElse(null),
                    audited.availability().map(found -> found.checkedAt().toString()).orElse(null));
        }
    }

    @Schema(description = "A grant or revocation. MINED: a ConsentRegistry event in the event index, however it "
            + "reached the chain; it disappears if a reorganisation drops its block. PENDING: accepted by this service, "
            + "not yet in the index",
            requiredProperties = {"kind", "status", "grantee", "scope", "action", "at"})
    record ConsentChangeResponse(
            @Schema(allowableValues = {"GRANTED", "REVOKED"}) String kind,
            @Schema(allowableValues = {"MINED", "PENDING"}) String status,
            @Schema(pattern = ApiPatterns.ADDRESS) String grantee,
            @Schema(description = ConsentDtos.SCOPE, pattern = ApiPatterns.BYTES32) String scope,
            @Schema(allowableValues = {"READ", "WRITE"}) String action,
            @Schema(description = "grants: the HL7 PurposeOfUse code, or the on-chain number if it names none")
            String purpose,
            @Schema(description = "grants: when the grant ends, as an " + ApiPatterns.INSTANT_UNIT + " (signed as "
                    + "Unix seconds in the Grant)", format = "date-time") String expiresAt,
            @Schema(description = "MINED; PENDING once this service saw it mined", pattern = ApiPatterns.BYTES32)
            String transactionHash,
            @Schema(description = "as transactionHash") Long blockNumber,
            @Schema(description = "MINED: the event's index in its block") Integer logIndex,
            @Schema(description = "MINED: the block's timestamp; PENDING: when this service accepted it. "
                    + ApiPatterns.INSTANT_UNIT, format = "date-time") String at,
            @Schema(description = "the chain request of this service that carries it, if any",
                    pattern = ApiPatterns.REQUEST_ID) String requestId,
            @Schema(description = "that request's status") String requestStatus,
            @Schema(description = "the caregiver that signed it for the patient (\"by caregiver X\"); absent when "
                    + "the patient did", pattern = ApiPatterns.ADDRESS) String byCaregiver) {

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
                    request.map(r -> r.status().name()).orElse(null),
                    change.byCaregiver().map(Object::toString).orElse(null));
        }

        static String purpose(int code) {
            return Arrays.stream(Purpose.values()).filter(p -> p.code() == code).findFirst()
                    .map(Purpose::hl7Code).orElse(Integer.toString(code));
        }
    }

    /**
     * One row of the read log. For an aggregate of a stranger's denied reads ({@code aggregated} true): {@code at},
     * {@code recordId} and {@code deniedCode} are the first read's, {@code count} how many came until {@code lastAt},
     * and {@code windowEnd} when the window closes (until then the count may still grow). A read made through an
     * emergency window: {@code emergency} true and the window in {@code emergencyWindow}.
     */
    @Schema(requiredProperties = {"id", "recordId", "reader", "allowed", "at", "count", "aggregated", "emergency"})
    record ReadResponse(
            @Schema(description = "the read's id: its receipt's proof is at reads/{id}/proof") long id,
            @Schema(pattern = ApiPatterns.BYTES32) String recordId,
            @Schema(pattern = ApiPatterns.ADDRESS) String reader,
            boolean allowed,
            @Schema(description = "denied reads: the code the reader was answered", pattern = ApiPatterns.PROBLEM_CODE)
            String deniedCode,
            @Schema(description = "the block the permission check held at") Long blockNumber,
            @Schema(description = "when: " + ApiPatterns.INSTANT_UNIT, format = "date-time") String at,
            @Schema(description = "1, or how many denied reads an aggregate counts") long count,
            @Schema(description = "an aggregate: the last read it counts; " + ApiPatterns.INSTANT_UNIT,
                    format = "date-time") String lastAt,
            @Schema(description = "whether this row counts a stranger's denied reads in one window") boolean aggregated,
            @Schema(description = "an aggregate: when its window closes; " + ApiPatterns.INSTANT_UNIT,
                    format = "date-time") String windowEnd,
            @Schema(description = "whether the read was made through an emergency (break-glass) window")
            boolean emergency,
            @Schema(description = "an emergency read: the window it was made through") EmergencyWindowOfRead
            emergencyWindow) {

        static ReadResponse of(AuditedRead audited) {
            LoggedRead logged = audited.read();
            ReadEntry entry = logged.entry();
            return new ReadResponse(logged.id(), entry.record().toHex(), entry.reader().toString(), entry.allowed(),
                    entry.deniedCode().orElse(null), entry.blockNumber().orElse(null), entry.at().toString(),
                    logged.count(), logged.lastAt().toString(), logged.isAggregate(),
                    logged.windowEnd().map(Object::toString).orElse(null), audited.isEmergency(),
                    EmergencyWindowOfRead.of(audited.emergency()));
        }
    }

    /** The emergency window a read was made through: kept beside the read log, never in a receipt leaf. */
    @Schema(requiredProperties = {"until", "transactionHash"})
    record EmergencyWindowOfRead(
            @Schema(description = "the window's end as its EmergencyWindowOpened event set it; "
                    + ApiPatterns.INSTANT_UNIT, format = "date-time") String until,
            @Schema(description = "the transaction of the EmergencyWindowOpened event", pattern = ApiPatterns.BYTES32)
            String transactionHash) {

        /** The window of an emergency read; {@code null} (absent in JSON) for any other read. */
        static EmergencyWindowOfRead of(Optional<EmergencyFlag> flag) {
            return flag.map(window -> new EmergencyWindowOfRead(window.windowUntil().toString(),
                    window.windowTransaction())).orElse(null);
        }
    }
}
