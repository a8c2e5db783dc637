package io.healthkey.protocol.recovery;

import static io.healthkey.protocol.recovery.RecoveryFixtures.DOMAIN;
import static io.healthkey.protocol.recovery.RecoveryFixtures.NOW;
import static io.healthkey.protocol.recovery.RecoveryFixtures.REGISTRY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.ShareTransferRefusedException;
import io.healthkey.protocol.SignerMismatchException;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.ShareTransferMessage;
import io.healthkey.protocol.eip712.TypedData;
import io.healthkey.protocol.recovery.RecoveryFixtures.Person;
import io.healthkey.protocol.recovery.RecoveryFixtures.Signed;
import org.junit.jupiter.api.Test;

class ShareTransfersTest {

    private final RecoveryFixtures f = new RecoveryFixtures();
    private final RecoveryKit kit = f.kit();
    private final Signed released = f.release(kit, f.people.get(0));

    @Test
    void acceptsAGuardiansTransferForThisKitAndDevice() {
        VerifiedShareTransfer verified = ShareTransfers.verify(kit, DOMAIN, released.message(), released.signature(),
                f.device.publicKey(), NOW);

        assertThat(verified.message().guardian()).isEqualTo(f.people.get(0).address());
        assertThat(verified.signature()).isEqualTo(released.signature());
    }

    @Test
    void refusesATransferSignedByANonGuardian() {
        Person stranger = Person.create();
        ShareTransferMessage message = withGuardian(released.message(), stranger);

        assertThatThrownBy(() -> ShareTransfers.verify(kit, DOMAIN, message,
                stranger.wallet().sign(TypedData.of(DOMAIN, message)), f.device.publicKey(), NOW))
                .isInstanceOf(ShareTransferRefusedException.class).hasMessageContaining("not a guardian");
    }

    @Test
    void refusesAGuardiansNameOnAStrangersSignature() {
        Person stranger = Person.create();
        assertThatThrownBy(() -> ShareTransfers.verify(kit, DOMAIN, released.message(),
                stranger.wallet().sign(TypedData.of(DOMAIN, withGuardian(released.message(), stranger))),
                f.device.publicKey(), NOW)).isInstanceOf(SignerMismatchException.class);
    }

    @Test
    void refusesATransferForAnotherKit() {
        RecoveryKit other = f.kit();
        assertThatThrownBy(() -> ShareTransfers.verify(other, DOMAIN, released.message(), released.signature(),
                f.device.publicKey(), NOW)).isInstanceOf(ShareTransferRefusedException.class)
                .hasMessageContaining("another kit");
    }

    @Test
    void refusesATransferReplayedForAnotherRecipient() {
        EncryptionPrivateKey thief = EncryptionPrivateKey.generate();
        ShareTransferMessage m = released.message();
        ShareTransferMessage redirected = new ShareTransferMessage(m.kitId(), m.patient(), m.guardian(),
                thief.publicKey(), m.share(), m.deadline());

        assertThatThrownBy(() -> ShareTransfers.verify(kit, DOMAIN, m, released.signature(), thief.publicKey(), NOW))
                .isInstanceOf(ShareTransferRefusedException.class).hasMessageContaining("another recipient");
        assertThatThrownBy(() -> ShareTransfers.verify(kit, DOMAIN, redirected, released.signature(),
                thief.publicKey(), NOW)).isInstanceOf(SignerMismatchException.class);
    }

    @Test
    void refusesAnExpiredTransfer() {
        assertThatThrownBy(() -> ShareTransfers.verify(kit, DOMAIN, released.message(), released.signature(),
                f.device.publicKey(), RecoveryFixtures.DEADLINE.plusSeconds(1)))
                .isInstanceOf(ShareTransferRefusedException.class).hasMessageContaining("expired");
        assertThat(ShareTransfers.verify(kit, DOMAIN, released.message(), released.signature(), f.device.publicKey(),
                RecoveryFixtures.DEADLINE)).isNotNull();
    }

    @Test
    void refusesATransferSignedForAnotherChainOrDeployment() {
        Signed mainnet = f.release(kit, f.people.get(0), f.device.publicKey(), Eip712Domain.recovery(1, REGISTRY));
        Signed otherRegistry = f.release(kit, f.people.get(0), f.device.publicKey(),
                Eip712Domain.recovery(RecoveryFixtures.CHAIN_ID, f.people.get(2).address()));

        assertThatThrownBy(() -> ShareTransfers.verify(kit, DOMAIN, mainnet.message(), mainnet.signature(),
                f.device.publicKey(), NOW)).isInstanceOf(SignerMismatchException.class);
        assertThatThrownBy(() -> ShareTransfers.verify(kit, DOMAIN, otherRegistry.message(), otherRegistry.signature(),
                f.device.publicKey(), NOW)).isInstanceOf(SignerMismatchException.class);
        assertThatThrownBy(() -> ShareTransfers.verify(kit, Eip712Domain.recovery(1, REGISTRY), mainnet.message(),
                mainnet.signature(), f.device.publicKey(), NOW)).isInstanceOf(ShareTransferRefusedException.class)
                .hasMessageContaining("chain");
    }

    @Test
    void refusesASignatureOverOtherShareBytes() {
        ShareTransferMessage m = released.message();
        byte[] share = m.share();
        share[0] ^= 1;
        ShareTransferMessage swapped = new ShareTransferMessage(m.kitId(), m.patient(), m.guardian(),
                m.recipientPublicKey(), share, m.deadline());

        assertThatThrownBy(() -> ShareTransfers.verify(kit, DOMAIN, swapped, released.signature(),
                f.device.publicKey(), NOW)).isInstanceOf(SignerMismatchException.class);
    }

    private static ShareTransferMessage withGuardian(ShareTransferMessage m, Person guardian) {
        return new ShareTransferMessage(m.kitId(), m.patient(), guardian.address(), m.recipientPublicKey(), m.share(),
                m.deadline());
    }
}
