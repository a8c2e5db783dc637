package io.healthkey.protocol.eip712;

import static io.healthkey.protocol.eip712.Eip712Messages.epochSeconds;
import static io.healthkey.protocol.eip712.Eip712Messages.requireNonZero;

import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.InvalidValueException;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * {@code IConsentCaregivers.CaregiverGrant}: {@code caregiver} grants, for {@code patient}, what the {@link #grant()}
 * grants; signed by the caregiver with its own nonce.
 *
 * <p>Type: {@code CaregiverGrant(address caregiver,address patient,address grantee,bytes32 scope,uint8 action,
 * uint16 purpose,uint64 expiresAt,uint256 nonce,uint256 deadline)}.
 *
 * <p>Guarantees: the grant's own ({@link GrantMessage}), and a caregiver that is neither zero nor the patient.
 */
public record CaregiverGrantMessage(EthAddress caregiver, GrantMessage grant) implements CaregiverMessage {

    public CaregiverGrantMessage {
        requireNonZero(caregiver, "caregiver");
        if (caregiver.equals(grant.patient())) {
            throw new InvalidValueException("a caregiver grant is signed by a caregiver, not by the patient");
        }
    }

    /** The message as the caregiver signs it, field for field. */
    public static CaregiverGrantMessage of(EthAddress caregiver, EthAddress patient, EthAddress grantee, Scope scope,
            Action action, Purpose purpose, Instant expiresAt, BigInteger nonce, Instant deadline) {
        return new CaregiverGrantMessage(caregiver,
                new GrantMessage(patient, grantee, scope, action, purpose, expiresAt, nonce, deadline));
    }

    @Override
    public EthAddress patient() {
        return grant.patient();
    }

    @Override
    public EthAddress requiredSigner() {
        return caregiver;
    }

    public BigInteger nonce() {
        return grant.nonce();
    }

    public Instant deadline() {
        return grant.deadline();
    }

    Eip712Struct toStruct() {
        return new Eip712Struct("CaregiverGrant", List.of(
                Eip712Struct.address("caregiver", caregiver),
                Eip712Struct.address("patient", grant.patient()),
                Eip712Struct.address("grantee", grant.grantee()),
                Eip712Struct.bytes32("scope", grant.scope().toBytes32()),
                Eip712Struct.uint("action", 8, BigInteger.valueOf(grant.action().code())),
                Eip712Struct.uint("purpose", 16, BigInteger.valueOf(grant.purpose().code())),
                Eip712Struct.uint("expiresAt", 64, epochSeconds(grant.expiresAt())),
                Eip712Struct.uint("nonce", 256, grant.nonce()),
                Eip712Struct.uint("deadline", 256, epochSeconds(grant.deadline()))));
    }
}
