package io.healthkey.protocol.eip712;

import static io.healthkey.protocol.eip712.Eip712Messages.epochSeconds;
import static io.healthkey.protocol.eip712.Eip712Messages.requireNonZero;
import static io.healthkey.protocol.eip712.Eip712Messages.seconds;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.InvalidValueException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A guardian releases its share of recovery kit {@code kitId} of {@code patient}, re-wrapped for
 * {@code recipientPublicKey} (the patient's new device key) as {@code share}; valid until {@code deadline}. Signed
 * by the guardian in the {@link Eip712Domain#recovery} domain, so the patient and the audit can check who released a
 * share for whom, and the signature binds the very bytes released.
 *
 * <p>Type: {@code ShareTransfer(bytes32 kitId,address patient,address guardian,bytes recipientPublicKey,bytes share,
 * uint256 deadline)}.
 *
 * <p>Guarantees: non-zero patient and guardian that differ, a valid compressed recipient key, a share of
 * {@link #SHARE_LENGTH} bytes, whole seconds. Whether the guardian is one of the kit's, the kit and recipient the
 * expected ones and the deadline not passed is {@code io.healthkey.protocol.recovery.ShareTransfers}'s business.
 */
public record ShareTransferMessage(
        Bytes32 kitId,
        EthAddress patient,
        EthAddress guardian,
        EncryptionPublicKey recipientPublicKey,
        byte[] share,
        Instant deadline) implements Eip712Message {

    /** An ECIES-wrapped 33-byte Shamir share: 97 + 33. */
    public static final int SHARE_LENGTH = 130;

    public ShareTransferMessage {
        Objects.requireNonNull(kitId, "kitId");
        requireNonZero(patient, "patient");
        requireNonZero(guardian, "guardian");
        Objects.requireNonNull(recipientPublicKey, "recipientPublicKey");
        Objects.requireNonNull(share, "share");
        if (guardian.equals(patient)) {
            throw new InvalidValueException("a guardian cannot transfer a share to itself as patient " + patient);
        }
        if (share.length != SHARE_LENGTH) {
            throw new InvalidValueException("a transferred share must be " + SHARE_LENGTH + " bytes, got " + share.length);
        }
        share = share.clone();
        deadline = seconds(deadline, "deadline");
    }

    @Override
    public byte[] share() {
        return share.clone();
    }

    @Override
    public EthAddress requiredSigner() {
        return guardian;
    }

    @Override
    public String contractName() {
        return Eip712Domain.RECOVERY;
    }

    Eip712Struct toStruct() {
        return new Eip712Struct("ShareTransfer", List.of(
                Eip712Struct.bytes32("kitId", kitId),
                Eip712Struct.address("patient", patient),
                Eip712Struct.address("guardian", guardian),
                Eip712Struct.bytes("recipientPublicKey", recipientPublicKey.toBytes()),
                Eip712Struct.bytes("share", share),
                Eip712Struct.uint("deadline", 256, epochSeconds(deadline))));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ShareTransferMessage that && kitId.equals(that.kitId) && patient.equals(that.patient)
                && guardian.equals(that.guardian) && recipientPublicKey.equals(that.recipientPublicKey)
                && Arrays.equals(share, that.share) && deadline.equals(that.deadline);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kitId, patient, guardian, recipientPublicKey, Arrays.hashCode(share), deadline);
    }

    @Override
    public String toString() {
        return "ShareTransfer[kit " + kitId + " of " + patient + " by " + guardian + " for " + recipientPublicKey
                + " until " + deadline + "]";
    }
}
