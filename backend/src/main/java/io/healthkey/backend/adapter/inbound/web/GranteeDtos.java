package io.healthkey.backend.adapter.inbound.web;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import io.healthkey.backend.adapter.inbound.web.RecordDtos.ConsentChangeResponse;
import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.application.directory.ListedProvider;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.record.AnchoredRecord;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.RecordId;

/** JSON shapes of the grantee's view and the provider directory. */
final class GranteeDtos {

    private GranteeDtos() {
    }

    @Schema(description = "A live grant to the signed-in account, as the AccessGranted event in the event index holds "
            + "it: confirmed, not revoked, not expired",
            requiredProperties = {"patient", "scope", "action", "purpose", "expiresAt", "grantedAt", "blockNumber",
                "logIndex", "transactionHash", "recordsUrl"})
    record ReceivedGrantResponse(
            @Schema(pattern = ApiPatterns.ADDRESS) String patient,
            @Schema(description = ConsentDtos.SCOPE, pattern = ApiPatterns.BYTES32) String scope,
            @Schema(allowableValues = {"READ", "WRITE"}) String action,
            @Schema(description = "the HL7 PurposeOfUse code, or the on-chain number if it names none") String purpose,
            @Schema(description = "when the grant ends: " + ApiPatterns.INSTANT_UNIT, format = "date-time")
            String expiresAt,
            @Schema(description = "the granting block's timestamp: " + ApiPatterns.INSTANT_UNIT, format = "date-time")
            String grantedAt,
            long blockNumber,
            int logIndex,
            @Schema(pattern = ApiPatterns.BYTES32) String transactionHash,
            @Schema(description = "GET it for the patient's records this account may read", format = "uri-reference")
            String recordsUrl) {

        static ReceivedGrantResponse of(ChainEvent.Consent grant) {
            var key = grant.key();
            return new ReceivedGrantResponse(key.patient().toString(), key.scope().toHex(),
                    Action.ofCode(key.action()).name(), ConsentChangeResponse.purpose(grant.purpose()),
                    Instant.ofEpochSecond(Math.min(grant.expiresAt(), Instant.MAX.getEpochSecond())).toString(),
                    Instant.ofEpochSecond(grant.at().blockTime()).toString(), grant.at().blockNumber(),
                    grant.at().logIndex(), grant.at().transactionHash(),
                    "/api/v1/grantees/" + key.grantee() + "/patients/" + key.patient() + "/records");
        }
    }

    @Schema(description = "A record version the signed-in grantee may read now, as its RecordAnchored event holds it: "
            + "open it with GET /records/{recordId}/key and /records/{recordId}/content",
            requiredProperties = {"recordId", "category", "serial", "author", "cid", "blockNumber", "transactionHash"})
    record ReadableRecordResponse(
            @Schema(pattern = ApiPatterns.BYTES32) String recordId,
            int category,
            @Schema(description = "uint80 in decimal", pattern = ApiPatterns.UINT) String serial,
            @Schema(pattern = ApiPatterns.ADDRESS) String author,
            @Schema(description = "the ciphertext's CID the chain anchored", pattern = ApiPatterns.CID) String cid,
            @Schema(description = "the version this one replaces", pattern = ApiPatterns.BYTES32) String supersedes,
            long blockNumber,
            @Schema(pattern = ApiPatterns.BYTES32) String transactionHash) {

        static ReadableRecordResponse of(AnchoredRecord anchored) {
            RecordId id = anchored.id();
            return new ReadableRecordResponse(id.toHex(), id.category().code(), id.serial().toString(),
                    anchored.author().toString(), anchored.cid().toString(),
                    anchored.supersedes().map(RecordId::toHex).orElse(null), anchored.blockNumber(),
                    anchored.transactionHash());
        }
    }

    @Schema(description = "An accredited provider, not suspended, with a published encryption key",
            requiredProperties = {"address", "name", "encryptionKey", "accreditedFor", "accreditedAt",
                "accreditationBlockNumber", "accreditationTransactionHash"})
    record ProviderResponse(
            @Schema(pattern = ApiPatterns.ADDRESS) String address,
            @Schema(description = "the name its accreditation carried (ProviderAccredited), as the accreditor wrote it")
            String name,
            @Schema(description = "its published key, compressed secp256k1: wrap record keys for it; the chain's "
                    + "encryptionKeyOf is the authority", pattern = ApiPatterns.ENCRYPTION_KEY) String encryptionKey,
            @ArraySchema(arraySchema = @Schema(description = "what accreditation lets it hold beyond what anyone may: "
                    + "WRITE grants (adding records, the clinic gateway). The chain accredits for nothing narrower "
                    + "and keeps a licence hash, not a speciality"),
                    schema = @Schema(allowableValues = {"WRITE"})) List<String> accreditedFor,
            @Schema(description = "the accrediting block's timestamp: " + ApiPatterns.INSTANT_UNIT,
                    format = "date-time") String accreditedAt,
            long accreditationBlockNumber,
            @Schema(pattern = ApiPatterns.BYTES32) String accreditationTransactionHash) {

        static ProviderResponse of(ListedProvider provider) {
            var at = provider.accreditedAt();
            return new ProviderResponse(provider.address().toString(), provider.name(), provider.key().toHex(),
                    List.of(Action.WRITE.name()), Instant.ofEpochSecond(at.blockTime()).toString(), at.blockNumber(),
                    at.transactionHash());
        }
    }
}
