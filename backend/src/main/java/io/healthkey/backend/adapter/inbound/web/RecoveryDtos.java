package io.healthkey.backend.adapter.inbound.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.domain.recovery.RecoveryEvent;
import io.healthkey.backend.domain.recovery.RecoveryRequest;
import io.healthkey.backend.domain.recovery.ShareTransfer;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.eip712.ShareTransferMessage;

/** The JSON of guardian recovery (docs/API.md, "Guardian recovery"). */
final class RecoveryDtos {

    private static final String DEVICE_KEY = "the new device's encryption public key, compressed secp256k1, 33 bytes";
    private static final String SHARE = "the guardian's Shamir share, ECIES-wrapped for the device key (130 bytes)";

    private RecoveryDtos() {
    }

    @Schema(requiredProperties = {"devicePublicKey"})
    record RecoveryRequestBody(
            @Schema(description = DEVICE_KEY, pattern = ApiPatterns.ENCRYPTION_KEY) String devicePublicKey) {
    }

    @Schema(description = "A recovery request, bound to the patient's recovery kit current when it was made",
            requiredProperties = {"id", "patient", "kitRecord", "kitCid", "kitId", "devicePublicKey", "threshold",
                    "guardians", "createdAt", "expiresAt", "kitUrl", "transfersUrl"})
    record RecoveryRequestResponse(
            @Schema(pattern = ApiPatterns.REQUEST_ID) String id,
            @Schema(pattern = ApiPatterns.ADDRESS) String patient,
            @Schema(description = "the recovery kit's record id", pattern = ApiPatterns.BYTES32) String kitRecord,
            @Schema(description = "the CID the chain anchored for the kit", pattern = ApiPatterns.CID) String kitCid,
            @Schema(description = "the kit id inside the kit", pattern = ApiPatterns.BYTES32) String kitId,
            @Schema(description = DEVICE_KEY, pattern = ApiPatterns.ENCRYPTION_KEY) String devicePublicKey,
            @Schema(description = "how many transfers rebuild the key (k)") int threshold,
            @ArraySchema(arraySchema = @Schema(description = "the kit's guardians, in the kit's order"),
                    schema = @Schema(pattern = ApiPatterns.ADDRESS)) List<String> guardians,
            @Schema(description = "made at: " + ApiPatterns.INSTANT_UNIT, format = "date-time") String createdAt,
            @Schema(description = "guardians may transfer until: " + ApiPatterns.INSTANT_UNIT, format = "date-time")
            String expiresAt,
            @Schema(description = "GET: the kit's bytes") String kitUrl,
            @Schema(description = "POST a guardian's transfer; GET (the patient) the transfers so far")
            String transfersUrl) {

        static RecoveryRequestResponse of(RecoveryRequest request) {
            String url = "/api/v1/recovery/requests/" + request.id();
            return new RecoveryRequestResponse(request.id(), request.patient().toString(), request.kitRecord().toHex(),
                    request.kitCid().toString(), request.kitId().toHex(), request.deviceKey().toHex(),
                    request.threshold(), request.guardians().stream().map(EthAddress::toString).toList(),
                    request.createdAt().toString(), request.expiresAt().toString(), url + "/kit", url + "/transfers");
        }
    }

    @Schema(description = "The `message` of the ShareTransfer typed data the guardian signed, field for field "
            + "(docs/FORMAT.md, \"Recovery kit\")",
            requiredProperties = {"kitId", "patient", "guardian", "recipientPublicKey", "share", "deadline"})
    record ShareTransferBody(
            @Schema(pattern = ApiPatterns.BYTES32) String kitId,
            @Schema(pattern = ApiPatterns.ADDRESS) String patient,
            @Schema(pattern = ApiPatterns.ADDRESS) String guardian,
            @Schema(description = DEVICE_KEY, pattern = ApiPatterns.ENCRYPTION_KEY) String recipientPublicKey,
            @Schema(description = SHARE, pattern = ApiPatterns.HEX) String share,
            @Schema(description = "the transfer is refused after: " + ApiPatterns.UNIX_SECONDS_UNIT,
                    pattern = ApiPatterns.UNIX_SECONDS) String deadline) {

        /** Shapes are checked field by field ({@code REQUEST-0002}); the message's own rules answer PROTO-0003. */
        ShareTransferMessage toMessage() {
            return new ShareTransferMessage(RequestFields.bytes32("transfer.kitId", kitId),
                    RequestFields.address("transfer.patient", patient),
                    RequestFields.address("transfer.guardian", guardian),
                    RequestFields.encryptionKey("transfer.recipientPublicKey", recipientPublicKey),
                    RequestFields.bytes("transfer.share", share, ShareTransferMessage.SHARE_LENGTH),
                    RequestFields.epochSeconds("transfer.deadline", deadline));
        }

        static ShareTransferBody of(ShareTransferMessage message) {
            return new ShareTransferBody(message.kitId().toHex(), message.patient().toString(),
                    message.guardian().toString(), message.recipientPublicKey().toHex(), Hex.encode(message.share()),
                    Long.toString(message.deadline().getEpochSecond()));
        }
    }

    @Schema(requiredProperties = {"transfer", "signature"})
    record ShareTransferRequest(ShareTransferBody transfer,
            @Schema(description = "the guardian's signature of the transfer in the HealthKey Recovery domain of this "
                    + "chain and RecordRegistry (eth_signTypedData_v4 for a key): " + ApiPatterns.SIGNATURE_FORMS,
                    pattern = ApiPatterns.SIGNATURE) String signature) {
    }

    @Schema(description = "A guardian's accepted transfer: check the signature, open the share with the device key",
            requiredProperties = {"requestId", "transfer", "signature", "acceptedAt"})
    record ShareTransferResponse(
            @Schema(pattern = ApiPatterns.REQUEST_ID) String requestId,
            ShareTransferBody transfer,
            @Schema(description = "the guardian's signature", pattern = ApiPatterns.SIGNATURE) String signature,
            @Schema(description = "accepted at: " + ApiPatterns.INSTANT_UNIT, format = "date-time") String acceptedAt) {

        static ShareTransferResponse of(ShareTransfer transfer) {
            return new ShareTransferResponse(transfer.requestId(), ShareTransferBody.of(transfer.message()),
                    transfer.signature().toHex(), transfer.acceptedAt().toString());
        }
    }

    @Schema(description = "One step of a recovery of the patient's key: never a share nor a signature",
            requiredProperties = {"requestId", "kind", "actor", "devicePublicKey", "at"})
    record RecoveryEventResponse(
            @Schema(pattern = ApiPatterns.REQUEST_ID) String requestId,
            @Schema(description = "REQUESTED (by the patient), KIT_FETCHED or SHARE_TRANSFERRED (by a guardian)",
                    allowableValues = {"REQUESTED", "KIT_FETCHED", "SHARE_TRANSFERRED"}) String kind,
            @Schema(description = "who did it", pattern = ApiPatterns.ADDRESS) String actor,
            @Schema(description = DEVICE_KEY, pattern = ApiPatterns.ENCRYPTION_KEY) String devicePublicKey,
            @Schema(description = "when: " + ApiPatterns.INSTANT_UNIT, format = "date-time") String at) {

        static RecoveryEventResponse of(RecoveryEvent event) {
            return new RecoveryEventResponse(event.requestId(), event.kind().name(), event.actor().toString(),
                    event.deviceKey().toHex(), event.at().toString());
        }
    }
}
