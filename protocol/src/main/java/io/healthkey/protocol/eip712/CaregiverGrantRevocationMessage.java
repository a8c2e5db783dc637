package io.healthkey.protocol.eip712;

import static io.healthkey.protocol.eip712.Eip712Messages.epochSeconds;
import static io.healthkey.protocol.eip712.Eip712Messages.requireNonZero;

import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.InvalidValueException;
import io.healthkey.protocol.Scope;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * {@code IConsentCaregivers.CaregiverGrantRevocation}: {@code caregiver} revokes, for {@code patient}, what the
 * {@link #revocation()} revokes; signed by the caregiver with its own nonce.
 *
 * <p>Type: {@code CaregiverGrantRevocation(address caregiver,address patient,address grantee,bytes32 scope,
 * uint8 action,uint256 nonce,uint256 deadline)}.
 *
 * <p>Guarantees: the revocation's own ({@link RevocationMessage}), and a caregiver neither zero nor the patient.
 */
public record CaregiverGrantRevocationMessage(EthAddress caregiver, RevocationMessage revocation)
        implements CaregiverMessage {

    public CaregiverGrantRevocationMessage {
        requireNonZero(caregiver, "caregiver");
        if (caregiver.equals(revocation.patient())) {
            throw new InvalidValueException("a caregiver revocation is signed by a caregiver, not by the patient");
        }
    }

    /** The message as the caregiver signs it, field for field. */
    public static CaregiverGrantRevocationMessage of(EthAddress caregiver, EthAddress patient, EthAddress grantee,
            Scope scope, Action action, BigInteger nonce, Instant deadline) {
        return new CaregiverGrantRevocationMessage(caregiver,
                new RevocationMessage(patient, grantee, scope, action, nonce, deadline));
    }

    @Override
    public EthAddress patient() {
        return revocation.patient();
    }

    @Override
    public EthAddress requiredSigner() {
        return caregiver;
    }

    public BigInteger nonce() {
        return revocation.nonce();
    }

    public Instant deadline() {
        return revocation.deadline();
    }

    Eip712Struct toStruct() {
        return new Eip712Struct("CaregiverGrantRevocation", List.of(
                Eip712Struct.address("caregiver", caregiver),
                Eip712Struct.address("patient", revocation.patient()),
                Eip712Struct.address("grantee", revocation.grantee()),
                Eip712Struct.bytes32("scope", revocation.scope().toBytes32()),
                Eip712Struct.uint("action", 8, BigInteger.valueOf(revocation.action().code())),
                Eip712Struct.uint("nonce", 256, revocation.nonce()),
                Eip712Struct.uint("deadline", 256, epochSeconds(revocation.deadline()))));
    }
}
