package io.healthkey.protocol.eip712;

import static io.healthkey.protocol.eip712.Eip712Messages.epochSeconds;
import static io.healthkey.protocol.eip712.Eip712Messages.requireNonZero;
import static io.healthkey.protocol.eip712.Eip712Messages.seconds;

import io.healthkey.protocol.CaregiverPowers;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.InvalidScopeException;
import io.healthkey.protocol.InvalidValueException;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.Uint;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code IConsentCaregivers.Appointment}: {@code appointer} (the patient, or a caregiver of the patient holding
 * APPOINT) appoints {@code caregiver} for {@code patient} with {@code powers} on {@code scopes} until
 * {@code expiresAt}; the signature is the appointer's, valid until {@code deadline} and for its {@code nonce} only.
 *
 * <p>Type: {@code Appointment(address appointer,address patient,address caregiver,bytes32[] scopes,uint8 powers,
 * uint64 expiresAt,uint256 nonce,uint256 deadline)}.
 *
 * <p>Guarantees: refuses at construction what the contract refuses whatever the chain's state: a zero patient or
 * appointer; a caregiver that is zero, the patient or the appointer; powers outside the four flags; no scope, more
 * than {@link #MAX_SCOPES}, or a record scope of another patient; a nonce outside uint256. Whole Unix seconds.
 */
public record AppointmentMessage(
        EthAddress appointer,
        EthAddress patient,
        EthAddress caregiver,
        List<Scope> scopes,
        CaregiverPowers powers,
        Instant expiresAt,
        BigInteger nonce,
        Instant deadline) implements CaregiverMessage {

    /** The contract's {@code _MAX_CAREGIVER_SCOPES}. */
    public static final int MAX_SCOPES = 8;

    public AppointmentMessage {
        requireNonZero(appointer, "appointer");
        requireNonZero(patient, "patient");
        requireNonZero(caregiver, "caregiver");
        if (caregiver.equals(patient) || caregiver.equals(appointer)) {
            throw new InvalidValueException("caregiver must be neither the patient nor the appointer");
        }
        Objects.requireNonNull(powers, "powers");
        scopes = List.copyOf(scopes);
        if (scopes.isEmpty() || scopes.size() > MAX_SCOPES) {
            throw new InvalidValueException("an appointment has 1 to " + MAX_SCOPES + " scopes");
        }
        for (Scope scope : scopes) {
            if (!scope.isValidFor(patient)) {
                throw new InvalidScopeException("a scope is a record of another patient than " + patient);
            }
        }
        expiresAt = seconds(expiresAt, "expiresAt");
        Uint.require(epochSeconds(expiresAt), 64, "expiresAt");
        Uint.require(nonce, 256, "nonce");
        deadline = seconds(deadline, "deadline");
    }

    @Override
    public EthAddress requiredSigner() {
        return appointer;
    }

    Eip712Struct toStruct() {
        return new Eip712Struct("Appointment", List.of(
                Eip712Struct.address("appointer", appointer),
                Eip712Struct.address("patient", patient),
                Eip712Struct.address("caregiver", caregiver),
                Eip712Struct.bytes32Array("scopes", scopes.stream().map(Scope::toBytes32).toList()),
                Eip712Struct.uint("powers", 8, BigInteger.valueOf(powers.bits())),
                Eip712Struct.uint("expiresAt", 64, epochSeconds(expiresAt)),
                Eip712Struct.uint("nonce", 256, nonce),
                Eip712Struct.uint("deadline", 256, epochSeconds(deadline))));
    }
}
