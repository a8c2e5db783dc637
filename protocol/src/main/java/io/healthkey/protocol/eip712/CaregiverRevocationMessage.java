package io.healthkey.protocol.eip712;

import static io.healthkey.protocol.eip712.Eip712Messages.epochSeconds;
import static io.healthkey.protocol.eip712.Eip712Messages.requireGrantee;
import static io.healthkey.protocol.eip712.Eip712Messages.requireNonZero;
import static io.healthkey.protocol.eip712.Eip712Messages.seconds;

import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Uint;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * {@code IConsentCaregivers.CaregiverRevocation}: {@code patient} revokes {@code caregiver}, its powers, every grant
 * it made and every caregiver it appointed; signed by the patient.
 *
 * <p>Type: {@code CaregiverRevocation(address patient,address caregiver,uint256 nonce,uint256 deadline)}.
 *
 * <p>Guarantees: a non-zero patient, a caregiver neither zero nor the patient, a nonce within uint256, whole seconds.
 */
public record CaregiverRevocationMessage(EthAddress patient, EthAddress caregiver, BigInteger nonce,
        Instant deadline) implements CaregiverMessage {

    public CaregiverRevocationMessage {
        requireNonZero(patient, "patient");
        requireGrantee(patient, caregiver);
        Uint.require(nonce, 256, "nonce");
        deadline = seconds(deadline, "deadline");
    }

    @Override
    public EthAddress requiredSigner() {
        return patient;
    }

    Eip712Struct toStruct() {
        return new Eip712Struct("CaregiverRevocation", List.of(
                Eip712Struct.address("patient", patient),
                Eip712Struct.address("caregiver", caregiver),
                Eip712Struct.uint("nonce", 256, nonce),
                Eip712Struct.uint("deadline", 256, epochSeconds(deadline))));
    }
}
