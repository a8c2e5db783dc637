package io.healthkey.backend.domain.recovery;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;

/**
 * A patient's request that the guardians of its current recovery kit re-wrap their shares for {@code deviceKey}, the
 * encryption key of the patient's new device. It is bound to the kit that was current when it was made (its record,
 * anchored CID and kit id) and names that kit's guardians, so that a later kit changes nothing about it.
 */
public record RecoveryRequest(
        String id,
        EthAddress patient,
        RecordId kitRecord,
        Cid kitCid,
        Bytes32 kitId,
        EncryptionPublicKey deviceKey,
        int threshold,
        List<EthAddress> guardians,
        Instant createdAt,
        Instant expiresAt) {

    public RecoveryRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(kitRecord, "kitRecord");
        Objects.requireNonNull(kitCid, "kitCid");
        Objects.requireNonNull(kitId, "kitId");
        Objects.requireNonNull(deviceKey, "deviceKey");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        guardians = List.copyOf(guardians);
    }

    /** Whether guardians may still transfer shares for it at {@code now}. */
    public boolean isOpenAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    public boolean namesGuardian(EthAddress account) {
        return guardians.contains(account);
    }

    /** The patient and the guardians of its kit: who may see the request. */
    public boolean concerns(EthAddress account) {
        return patient.equals(account) || namesGuardian(account);
    }
}
