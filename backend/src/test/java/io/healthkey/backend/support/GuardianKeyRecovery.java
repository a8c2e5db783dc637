package io.healthkey.backend.support;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.springframework.test.web.reactive.server.EntityExchangeResult;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.eip712.EthSignature;
import io.healthkey.protocol.eip712.ShareTransferMessage;
import io.healthkey.protocol.envelope.EnvelopeEncryptor;
import io.healthkey.protocol.envelope.EnvelopeKey;
import io.healthkey.protocol.keywrap.EciesKeyWrap;
import io.healthkey.protocol.keywrap.RecordKey;
import io.healthkey.protocol.keywrap.WrappedKey;
import io.healthkey.protocol.recovery.Guardian;
import io.healthkey.protocol.recovery.RecoveryKit;
import io.healthkey.protocol.recovery.RecoveryKits;
import io.healthkey.protocol.recovery.ShareTransfers;
import io.healthkey.protocol.recovery.VerifiedShareTransfer;

/**
 * The patient's client in guardian recovery of the encryption key (docs/API.md section 8): the kit made for the
 * guardians' published keys and stored as a record, the key rebuilt from the transfers it verifies against that kit,
 * and records opened with the rebuilt key.
 */
public final class GuardianKeyRecovery {

    private final RecoveryKits kits = new RecoveryKits();
    private final long chainId;

    public GuardianKeyRecovery(long chainId) {
        this.chainId = chainId;
    }

    /** A {@code threshold}-of-n kit of the patient's encryption key for the guardians, stored as its record. */
    public RecoveryKit storeKit(ApiClient patient, List<ApiClient> guardians, int threshold) {
        List<Guardian> named = guardians.stream().map(guardian -> new Guardian(guardian.address(),
                EncryptionPublicKey.parse((String) guardian.http().get()
                        .uri("/api/v1/participants/{account}/encryption-key", guardian.address()).exchange()
                        .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody()
                        .get("publicKey")))).toList();
        RecoveryKit kit = kits.create(patient.encryptionKey(), patient.address(), chainId, named, threshold,
                Instant.now().truncatedTo(ChronoUnit.SECONDS));
        patient.storeRecoveryKit(kit);
        return kit;
    }

    /** Every transfer of request {@code id} checked against the kit the patient trusts, then the key rebuilt. */
    public EncryptionPrivateKey recover(ApiClient patient, String id, RecoveryKit kit, EncryptionPrivateKey device) {
        List<VerifiedShareTransfer> verified = patient.list("/api/v1/recovery/requests/" + id + "/transfers").stream()
                .map(item -> {
                    @SuppressWarnings("unchecked")
                    Map<String, String> t = (Map<String, String>) item.get("transfer");
                    ShareTransferMessage message = new ShareTransferMessage(Bytes32.parse(t.get("kitId")),
                            EthAddress.parse(t.get("patient")), EthAddress.parse(t.get("guardian")),
                            EncryptionPublicKey.parse(t.get("recipientPublicKey")), Hex.decode(t.get("share"), "share"),
                            Instant.ofEpochSecond(Long.parseLong(t.get("deadline"))));
                    return ShareTransfers.verify(kit, patient.recoveryDomain(), message,
                            EthSignature.parse((String) item.get("signature")), device.publicKey(), Instant.now());
                }).toList();
        return kits.recover(kit, verified, device);
    }

    /** Reads record {@code id} as {@code reader} and opens it with {@code key}, not the client's own. */
    public static byte[] readWith(ApiClient reader, RecordId id, EncryptionPrivateKey key) {
        EntityExchangeResult<byte[]> read = reader.http().get().uri("/api/v1/records/{id}/content", id.toHex())
                .exchange().expectStatus().isOk().expectBody(byte[].class).returnResult();
        RecordKey recordKey = new EciesKeyWrap().unwrap(
                WrappedKey.parse(read.getResponseHeaders().getFirst("HealthKey-Wrapped-Key")), key);
        return new EnvelopeEncryptor().decrypt(EnvelopeKey.fromBytes(recordKey.toBytes()), id, read.getResponseBody());
    }
}
