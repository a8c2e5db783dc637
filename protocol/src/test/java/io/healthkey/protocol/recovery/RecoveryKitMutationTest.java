package io.healthkey.protocol.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.healthkey.protocol.DecryptionFailedException;
import io.healthkey.protocol.ProtocolException;
import io.healthkey.protocol.eip712.ShareTransferMessage;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every byte of a kit, in every field, flipped: the kit is refused when parsed, or the private key does not come out
 * of it (the whole header is the AES-GCM associated data); truncated and extended kits are refused when parsed.
 */
class RecoveryKitMutationTest {

    private final RecoveryFixtures f = new RecoveryFixtures();
    private final RecoveryKit kit = f.kit();
    private final List<VerifiedShareTransfer> transfers =
            List.of(f.verified(kit, f.people.get(0)), f.verified(kit, f.people.get(1)));

    @Test
    void rejectsEveryFlippedBit() {
        byte[] bytes = kit.toBytes();
        int refusedWhenParsed = 0;
        for (int at = 0; at < bytes.length; at++) {
            for (int bit : new int[] {0x01, 0x80}) {
                byte[] mutated = bytes.clone();
                mutated[at] ^= (byte) bit;
                RecoveryKit parsed;
                try {
                    parsed = RecoveryKit.parse(mutated);
                } catch (ProtocolException refused) {
                    refusedWhenParsed++;
                    continue;
                }
                assertThatThrownBy(() -> f.kits.recover(parsed, forKit(parsed), f.device)).as("byte %d bit %x", at, bit)
                        .isInstanceOf(DecryptionFailedException.class);
            }
        }
        assertThat(refusedWhenParsed).isPositive();
    }

    @Test
    void rejectsTruncatedAndExtendedKits() {
        byte[] bytes = kit.toBytes();
        for (int length : new int[] {0, 4, 5, 107, 108, bytes.length - 183, bytes.length - 1, bytes.length + 1,
                bytes.length + 183}) {
            byte[] changed = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> RecoveryKit.parse(changed)).as("length %d", length)
                    .isInstanceOf(ProtocolException.class);
        }
    }

    @Test
    void rejectsReorderedGuardians() {
        List<KitGuardian> reordered = List.of(kit.guardians().get(1), kit.guardians().get(0), kit.guardians().get(2));
        RecoveryKit swapped = new RecoveryKit(kit.chainId(), kit.patient(), kit.kitId(), kit.createdAt(),
                kit.patientPublicKey(), kit.threshold(), reordered, kit.wrappedPrivateKey());
        assertThatThrownBy(() -> f.kits.recover(swapped, transfers, f.device))
                .isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void stillRecoversFromTheUnmutatedKit() {
        if (!f.kits.recover(RecoveryKit.parse(kit.toBytes()), transfers, f.device).equals(f.patientKey)) {
            fail("the unmutated kit does not recover: the mutation test proves nothing");
        }
    }

    /** The same shares, relabelled with the mutated kit's id, so that only the mutation can make recovery fail. */
    private List<VerifiedShareTransfer> forKit(RecoveryKit parsed) {
        return transfers.stream().map(t -> {
            ShareTransferMessage m = t.message();
            return new VerifiedShareTransfer(new ShareTransferMessage(parsed.kitId(), m.patient(), m.guardian(),
                    m.recipientPublicKey(), m.share(), m.deadline()), t.signature());
        }).toList();
    }
}
