package io.healthkey.protocol.eip712;

import static io.healthkey.protocol.eip712.Eip712Fixtures.CONSENT_DOMAIN;
import static io.healthkey.protocol.eip712.Eip712Fixtures.DIRECTORY_DOMAIN;
import static io.healthkey.protocol.eip712.Eip712Fixtures.GRANTEE;
import static io.healthkey.protocol.eip712.Eip712Fixtures.PATIENT;
import static io.healthkey.protocol.eip712.Eip712Fixtures.PATIENT_KEY;
import static io.healthkey.protocol.eip712.SignatureMutationTest.PATIENT_SIGNER;
import static io.healthkey.protocol.eip712.SignatureMutationTest.assertNotThePatients;
import static org.assertj.core.api.Assertions.assertThat;

import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The revocation and the key publication, mutated as the grant is in {@link SignatureMutationTest}: a signature
 * never verifies as the signer's once any field, the domain or a byte of the signature changes.
 */
class RevocationAndKeyPublicationMutationTest {

    private static final EthAddress STRANGER = EthAddress.parse("0x90F79bf6EB2c4f870365E785982E1f101E93b906");
    private static final Instant DEADLINE = Instant.ofEpochSecond(1_767_139_200L);
    private static final RevocationMessage REVOCATION = new RevocationMessage(PATIENT, GRANTEE,
            Scope.of(Category.OBSERVATION), Action.READ, BigInteger.valueOf(7), DEADLINE);
    private static final KeyPublicationMessage PUBLICATION = new KeyPublicationMessage(PATIENT,
            EncryptionPublicKey.of(PATIENT_KEY), BigInteger.valueOf(3), DEADLINE);

    @Test
    void verifiesTheUnchangedMessages() {
        assertThat(SignatureVerifier.verify(TypedData.of(CONSENT_DOMAIN, REVOCATION), sign(CONSENT_DOMAIN, REVOCATION)))
                .isEqualTo(PATIENT);
        assertThat(SignatureVerifier.verify(TypedData.of(DIRECTORY_DOMAIN, PUBLICATION),
                sign(DIRECTORY_DOMAIN, PUBLICATION))).isEqualTo(PATIENT);
    }

    @Test
    void rejectsSignatureForRevocationWithAnyFieldChanged() {
        RevocationMessage r = REVOCATION;
        List<RevocationMessage> changed = List.of(
                new RevocationMessage(STRANGER, r.grantee(), r.scope(), r.action(), r.nonce(), r.deadline()),
                new RevocationMessage(r.patient(), STRANGER, r.scope(), r.action(), r.nonce(), r.deadline()),
                new RevocationMessage(r.patient(), r.grantee(), Scope.all(), r.action(), r.nonce(), r.deadline()),
                new RevocationMessage(r.patient(), r.grantee(), Scope.of(Category.CONDITION), r.action(), r.nonce(),
                        r.deadline()),
                new RevocationMessage(r.patient(), r.grantee(), Scope.of(RecordId.of(PATIENT, Category.OBSERVATION, 1)),
                        r.action(), r.nonce(), r.deadline()),
                new RevocationMessage(r.patient(), r.grantee(), r.scope(), Action.WRITE, r.nonce(), r.deadline()),
                new RevocationMessage(r.patient(), r.grantee(), r.scope(), r.action(), r.nonce().add(BigInteger.ONE),
                        r.deadline()),
                new RevocationMessage(r.patient(), r.grantee(), r.scope(), r.action(), r.nonce(),
                        r.deadline().plusSeconds(1)));
        assertNoneVerifies(CONSENT_DOMAIN, REVOCATION, changed);
    }

    @Test
    void rejectsSignatureForKeyPublicationWithAnyFieldChanged() {
        KeyPublicationMessage p = PUBLICATION;
        EncryptionPublicKey otherKey = EncryptionPublicKey.of(Eip712Fixtures.randomKeyPair(new Random(11)));
        List<KeyPublicationMessage> changed = List.of(
                new KeyPublicationMessage(STRANGER, p.publicKey(), p.nonce(), p.deadline()),
                new KeyPublicationMessage(p.account(), otherKey, p.nonce(), p.deadline()),
                new KeyPublicationMessage(p.account(), p.publicKey(), p.nonce().add(BigInteger.ONE), p.deadline()),
                new KeyPublicationMessage(p.account(), p.publicKey(), p.nonce(), p.deadline().plusSeconds(1)));
        assertNoneVerifies(DIRECTORY_DOMAIN, PUBLICATION, changed);
    }

    @Test
    void rejectsEitherSignedForAnotherChainOrContract() {
        EthAddress otherContract = EthAddress.parse("0x8A791620dd6260079BF849Dc5567aDC3F2FdC318");
        EthSignature revocation = sign(CONSENT_DOMAIN, REVOCATION);
        assertNotThePatients(TypedData.of(Eip712Domain.consentRegistry(11155111,
                CONSENT_DOMAIN.verifyingContract()), REVOCATION), revocation.toBytes());
        assertNotThePatients(TypedData.of(Eip712Domain.consentRegistry(31337, otherContract), REVOCATION),
                revocation.toBytes());

        EthSignature publication = sign(DIRECTORY_DOMAIN, PUBLICATION);
        assertNotThePatients(TypedData.of(Eip712Domain.participantDirectory(11155111,
                DIRECTORY_DOMAIN.verifyingContract()), PUBLICATION), publication.toBytes());
        assertNotThePatients(TypedData.of(Eip712Domain.participantDirectory(31337, otherContract), PUBLICATION),
                publication.toBytes());
    }

    @Test
    void rejectsEitherSignatureWithAnyByteFlipped() {
        for (TypedData signed : List.of(TypedData.of(CONSENT_DOMAIN, REVOCATION),
                TypedData.of(DIRECTORY_DOMAIN, PUBLICATION))) {
            byte[] signature = PATIENT_SIGNER.sign(signed).toBytes();
            for (int index = 0; index < signature.length; index++) {
                for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                    byte[] mutated = signature.clone();
                    mutated[index] ^= (byte) mask;
                    assertNotThePatients(signed, mutated);
                }
            }
        }
    }

    /** The signature over {@code signed} verifies for none of {@code changed}, each a different message. */
    private static void assertNoneVerifies(Eip712Domain domain, Eip712Message signed,
            List<? extends Eip712Message> changed) {
        byte[] signature = sign(domain, signed).toBytes();
        for (Eip712Message message : changed) {
            assertThat(message).isNotEqualTo(signed);
            assertNotThePatients(TypedData.of(domain, message), signature);
        }
    }

    private static EthSignature sign(Eip712Domain domain, Eip712Message message) {
        return PATIENT_SIGNER.sign(TypedData.of(domain, message));
    }
}
