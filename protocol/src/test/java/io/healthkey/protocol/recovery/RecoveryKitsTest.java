package io.healthkey.protocol.recovery;

import static io.healthkey.protocol.recovery.RecoveryFixtures.DEADLINE;
import static io.healthkey.protocol.recovery.RecoveryFixtures.DOMAIN;
import static io.healthkey.protocol.recovery.RecoveryFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthkey.protocol.DecryptionFailedException;
import io.healthkey.protocol.InvalidValueException;
import io.healthkey.protocol.eip712.ShareTransferMessage;
import io.healthkey.protocol.recovery.RecoveryFixtures.Person;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryKitsTest {

    private final RecoveryFixtures f = new RecoveryFixtures();

    @Test
    void givesTheKeyBackFromAnyTwoOfThreeGuardians() {
        RecoveryKit kit = f.kit();

        assertThat(f.kits.recover(kit, List.of(f.verified(kit, f.people.get(0)), f.verified(kit, f.people.get(2))),
                f.device)).isEqualTo(f.patientKey);
        assertThat(f.kits.recover(kit, List.of(f.verified(kit, f.people.get(2)), f.verified(kit, f.people.get(1))),
                f.device)).isEqualTo(f.patientKey);
    }

    @Test
    void holdsNoSecretAndRoundTripsItsBytes() {
        RecoveryKit kit = f.kit();
        byte[] bytes = kit.toBytes();

        assertThat(RecoveryKit.parse(bytes)).isEqualTo(kit);
        assertThat(RecoveryKit.parse(kit.toHex()).toBytes()).isEqualTo(bytes);
        assertThat(indexOf(bytes, f.patientKey.toBytes())).isEqualTo(-1);
        assertThat(bytes).hasSize(108 + 3 * 183 + 60);
    }

    @Test
    void recoversNothingFromFewerThanThresholdShares() {
        RecoveryKit kit = f.kit(f.people, 3);
        List<VerifiedShareTransfer> two = List.of(f.verified(kit, f.people.get(0)), f.verified(kit, f.people.get(1)));

        assertThatThrownBy(() -> f.kits.recover(kit, two, f.device)).isInstanceOf(DecryptionFailedException.class);
        assertThatThrownBy(() -> f.kits.recover(kit, two.subList(0, 1), f.device))
                .isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void detectsACorruptedShareInsteadOfReturningAWrongKey() {
        RecoveryKit kit = f.kit();
        VerifiedShareTransfer good = f.verified(kit, f.people.get(0));
        ShareTransferMessage other = f.verified(kit, f.people.get(1)).message();
        byte[] share = other.share();
        for (int at = 0; at < share.length; at++) {
            byte[] corrupted = share.clone();
            corrupted[at] ^= 0x01;
            VerifiedShareTransfer bad = new VerifiedShareTransfer(new ShareTransferMessage(other.kitId(),
                    other.patient(), other.guardian(), other.recipientPublicKey(), corrupted, other.deadline()), anySignature());
            assertThatThrownBy(() -> f.kits.recover(kit, List.of(good, bad), f.device)).as("byte " + at)
                    .isInstanceOf(DecryptionFailedException.class);
        }
    }

    @Test
    void detectsAShareThatOpensButIsNotTheGuardiansOwn() {
        RecoveryKit kit = f.kit();
        RecoveryKit other = f.kit();
        VerifiedShareTransfer good = f.verified(kit, f.people.get(0));
        ShareTransferMessage foreign = f.verified(other, f.people.get(1)).message(); // a valid share of another secret
        VerifiedShareTransfer bad = new VerifiedShareTransfer(new ShareTransferMessage(kit.kitId(), kit.patient(),
                foreign.guardian(), foreign.recipientPublicKey(), foreign.share(), foreign.deadline()), anySignature());

        assertThatThrownBy(() -> f.kits.recover(kit, List.of(good, bad), f.device))
                .isInstanceOf(DecryptionFailedException.class);
        assertThatThrownBy(() -> f.kits.recover(kit, List.of(good, good), f.device))
                .isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void aShareWrappedForOneGuardianDoesNotOpenForAnother() {
        RecoveryKit kit = f.kit();
        List<KitGuardian> swapped = new ArrayList<>(kit.guardians());
        KitGuardian first = swapped.get(0);
        KitGuardian second = swapped.get(1);
        swapped.set(1, new KitGuardian(second.address(), second.encryptionKey(), first.wrappedShare()));
        RecoveryKit stolen = new RecoveryKit(kit.chainId(), kit.patient(), kit.kitId(), kit.createdAt(),
                kit.patientPublicKey(), kit.threshold(), swapped, kit.wrappedPrivateKey());

        assertThatThrownBy(() -> f.kits.transferShare(stolen, f.people.get(1).encryptionKey(), f.device.publicKey(),
                DEADLINE)).isInstanceOf(DecryptionFailedException.class);
        assertThatThrownBy(() -> f.kits.transferShare(kit, f.device, f.device.publicKey(), DEADLINE))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void aRemovedGuardiansShareIsUselessAfterRotation() {
        RecoveryKit old = f.kit();
        Person added = Person.create();
        RecoveryKit rotated = f.kit(List.of(f.people.get(1), f.people.get(2), added), 2);
        ShareTransferMessage removed = f.verified(old, f.people.get(0)).message();
        VerifiedShareTransfer replayed = new VerifiedShareTransfer(new ShareTransferMessage(rotated.kitId(),
                removed.patient(), removed.guardian(), removed.recipientPublicKey(), removed.share(),
                removed.deadline()), anySignature());

        assertThat(rotated.kitId()).isNotEqualTo(old.kitId());
        assertThat(rotated.guardian(f.people.get(0).address())).isEmpty();
        assertThatThrownBy(() -> f.kits.recover(rotated, List.of(replayed, f.verified(rotated, added)), f.device))
                .isInstanceOf(DecryptionFailedException.class);
        assertThatThrownBy(() -> f.kits.recover(rotated, List.of(f.verified(old, f.people.get(0)),
                f.verified(rotated, added)), f.device)).isInstanceOf(DecryptionFailedException.class);
        assertThat(f.kits.recover(rotated, List.of(f.verified(rotated, f.people.get(1)), f.verified(rotated, added)),
                f.device)).isEqualTo(f.patientKey);
    }

    @Test
    void refusesKitsThatBreakTheRules() {
        List<Guardian> guardians = f.people.stream().map(Person::asGuardian).toList();
        assertThatThrownBy(() -> f.kits.create(f.patientKey, f.patient, 31337, guardians, 1, NOW))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> f.kits.create(f.patientKey, f.patient, 31337, guardians, 4, NOW))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> f.kits.create(f.patientKey, f.patient, 31337,
                List.of(guardians.get(0), guardians.get(0)), 2, NOW)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> f.kits.create(f.patientKey, f.patient, 31337,
                List.of(guardians.get(0), new Guardian(f.patient, f.device.publicKey())), 2, NOW))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> f.kits.create(f.patientKey, f.patient, 0, guardians, 2, NOW))
                .isInstanceOf(InvalidValueException.class);
    }

    /** Unchecked by {@code recover}, which trusts {@link ShareTransfers#verify} for it: these tests forge past it. */
    private static io.healthkey.protocol.eip712.EthSignature anySignature() {
        return io.healthkey.protocol.eip712.EthSignature.parse("0x" + "11".repeat(64) + "1b");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
