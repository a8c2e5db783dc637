package io.healthkey.protocol.eip712;

import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.InvalidValueException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** Shared checks of the message records, and the dispatch from a message to its struct. */
final class Eip712Messages {

    private Eip712Messages() {
    }

    static Eip712Struct structOf(Eip712Message message) {
        if (message instanceof GrantMessage grant) {
            return grant.toStruct();
        }
        if (message instanceof RevocationMessage revocation) {
            return revocation.toStruct();
        }
        if (message instanceof CancelNoncesMessage cancellation) {
            return cancellation.toStruct();
        }
        if (message instanceof AppointmentMessage appointment) {
            return appointment.toStruct();
        }
        if (message instanceof CaregiverRevocationMessage revocation) {
            return revocation.toStruct();
        }
        if (message instanceof CaregiverGrantMessage grant) {
            return grant.toStruct();
        }
        if (message instanceof CaregiverGrantRevocationMessage revocation) {
            return revocation.toStruct();
        }
        if (message instanceof KeyPublicationMessage publication) {
            return publication.toStruct();
        }
        if (message instanceof ShareTransferMessage transfer) {
            return transfer.toStruct();
        }
        if (message instanceof EmergencyMessage.Setup setup) {
            return setup.toStruct();
        }
        if (message instanceof EmergencyMessage.Request request) {
            return request.toStruct();
        }
        if (message instanceof EmergencyMessage.Approval approval) {
            return approval.toStruct();
        }
        if (message instanceof EmergencyMessage.Closure closure) {
            return closure.toStruct();
        }
        throw new IllegalStateException("unknown message type " + message.getClass());
    }

    static void requireNonZero(EthAddress address, String what) {
        Objects.requireNonNull(address, what);
        if (address.isZero()) {
            throw new InvalidValueException(what + " must not be the zero address");
        }
    }

    /** The contract rejects a grantee that is zero or the patient; so does this module, before anyone signs. */
    static void requireGrantee(EthAddress patient, EthAddress grantee) {
        requireNonZero(grantee, "grantee");
        if (grantee.equals(patient)) {
            throw new InvalidValueException("grantee must not be the patient " + patient);
        }
    }

    /** Unix seconds: the instant truncated to whole seconds, and never before 1970. */
    static Instant seconds(Instant instant, String what) {
        Objects.requireNonNull(instant, what);
        if (instant.isBefore(Instant.EPOCH)) {
            throw new InvalidValueException(what + " must not be before 1970, got " + instant);
        }
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }

    static BigInteger epochSeconds(Instant instant) {
        return BigInteger.valueOf(instant.getEpochSecond());
    }
}
