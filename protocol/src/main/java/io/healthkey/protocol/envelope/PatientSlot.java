package io.healthkey.protocol.envelope;

import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.keywrap.WrappedKey;
import java.util.Objects;

/**
 * The patient's slot of a version 2 envelope's header: the record key wrapped (ECIES, 129 bytes) for the patient's
 * published encryption key, and that key, so that a patient who rotated keys knows which private key opens it.
 *
 * <p>Read from a header by a party without the record key ({@link EnvelopeVersion#patientSlot}), the slot is only
 * what the header says: whether it opens to the key that decrypts the record is known only to whoever unwraps it and
 * then decrypts (the header is associated data of every segment, so a slot swapped or altered after the envelope
 * was written fails every segment's tag).
 */
public record PatientSlot(EncryptionPublicKey patientKey, WrappedKey wrappedKey) {

    public PatientSlot {
        Objects.requireNonNull(patientKey, "patientKey");
        Objects.requireNonNull(wrappedKey, "wrappedKey");
    }
}
