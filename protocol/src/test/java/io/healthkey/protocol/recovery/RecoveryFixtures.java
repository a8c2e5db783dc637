package io.healthkey.protocol.recovery;

import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.EthSignature;
import io.healthkey.protocol.eip712.ShareTransferMessage;
import io.healthkey.protocol.eip712.TypedData;
import io.healthkey.protocol.eip712.TypedDataSigner;
import java.time.Instant;
import java.util.List;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/** A patient, three guardians with wallets and encryption keys, a new device, and helpers to run a recovery. */
final class RecoveryFixtures {

    static final long CHAIN_ID = 31337;
    static final EthAddress REGISTRY = EthAddress.parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    static final Eip712Domain DOMAIN = Eip712Domain.recovery(CHAIN_ID, REGISTRY);
    static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    static final Instant DEADLINE = NOW.plusSeconds(600);

    /** A guardian: its wallet (signs transfers) and its encryption key (opens its share). */
    record Person(TypedDataSigner wallet, EncryptionPrivateKey encryptionKey) {
        static Person create() {
            try {
                return new Person(TypedDataSigner.fromKeyPair(Keys.createEcKeyPair()), EncryptionPrivateKey.generate());
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        EthAddress address() {
            return wallet.address();
        }

        Guardian asGuardian() {
            return new Guardian(address(), encryptionKey.publicKey());
        }
    }

    final RecoveryKits kits = new RecoveryKits();
    final EthAddress patient = TypedDataSigner.fromKeyPair(ECKeyPair.create(java.math.BigInteger.TWO)).address();
    final EncryptionPrivateKey patientKey = EncryptionPrivateKey.generate();
    final EncryptionPrivateKey device = EncryptionPrivateKey.generate();
    final List<Person> people = List.of(Person.create(), Person.create(), Person.create());

    RecoveryKit kit(List<Person> guardians, int threshold) {
        return kits.create(patientKey, patient, CHAIN_ID, guardians.stream().map(Person::asGuardian).toList(),
                threshold, NOW);
    }

    RecoveryKit kit() {
        return kit(people, 2);
    }

    /** What {@code guardian} sends: its share re-wrapped for {@code recipient}, and its signature. */
    Signed release(RecoveryKit kit, Person guardian, EncryptionPublicKey recipient, Eip712Domain domain) {
        ShareTransferMessage message = kits.transferShare(kit, guardian.encryptionKey(), recipient, DEADLINE);
        return new Signed(message, guardian.wallet().sign(TypedData.of(domain, message)));
    }

    Signed release(RecoveryKit kit, Person guardian) {
        return release(kit, guardian, device.publicKey(), DOMAIN);
    }

    VerifiedShareTransfer verified(RecoveryKit kit, Person guardian) {
        Signed signed = release(kit, guardian);
        return ShareTransfers.verify(kit, DOMAIN, signed.message(), signed.signature(), device.publicKey(), NOW);
    }

    record Signed(ShareTransferMessage message, EthSignature signature) {
    }
}
