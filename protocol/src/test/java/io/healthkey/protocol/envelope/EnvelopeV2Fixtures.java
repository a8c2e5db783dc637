package io.healthkey.protocol.envelope;

import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.keywrap.KeyWrapper;
import io.healthkey.protocol.keywrap.RecordKey;
import io.healthkey.protocol.keywrap.WrappedKey;

/** The patient of {@link EnvelopeFixtures#RECORD} with an encryption key, and a fixed slot for known answers. */
final class EnvelopeV2Fixtures {

    /** Hardhat's account #1, the patient of {@link EnvelopeFixtures#RECORD}, used as its encryption key too. */
    static final EncryptionPrivateKey PATIENT_PRIVATE_KEY =
            EncryptionPrivateKey.parse("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    static final EncryptionPublicKey PATIENT_KEY = PATIENT_PRIVATE_KEY.publicKey();
    /** {@link EnvelopeVectors#KEY} wrapped (ECIES, a random ephemeral key drawn once) for {@link #PATIENT_KEY}. */
    static final WrappedKey FIXED_SLOT = WrappedKey.parse("0x041763267852f2b8c2ff03b6f8ae558eaa46360e7c8deb8f705ff48dde"
            + "133de236e5c9b6253429c84525699b295a67f692274d39ac6628ca33252fe92f7747907acc210cecf810d6e30ff956fa7d10f6d1"
            + "4286330c344cfb203162802ab24afd5c8c9465b305d3ec45f0d132da8218460e314380659ede9ae334578c0502981158");

    private EnvelopeV2Fixtures() {
    }

    /** Answers {@link #FIXED_SLOT} for {@link EnvelopeVectors#KEY} and {@link #PATIENT_KEY}, and refuses the rest. */
    static KeyWrapper fixedSlot() {
        RecordKey expected = RecordKey.fromBytes(Hex.decode(EnvelopeVectors.KEY, "key"));
        return (key, recipient) -> {
            if (!key.equals(expected) || !recipient.equals(PATIENT_KEY)) {
                throw new IllegalArgumentException("the fixed slot is for the vectors' key and patient only");
            }
            return FIXED_SLOT;
        };
    }
}
