package io.healthkey.protocol.eip712;

import static io.healthkey.protocol.eip712.Eip712Fixtures.CONSENT_DOMAIN;
import static io.healthkey.protocol.eip712.Eip712Fixtures.GRANTEE;
import static io.healthkey.protocol.eip712.Eip712Fixtures.GRANTEE_KEY;
import static io.healthkey.protocol.eip712.Eip712Fixtures.PATIENT;
import static io.healthkey.protocol.eip712.Eip712Fixtures.PATIENT_KEY;
import static io.healthkey.protocol.eip712.Eip712Fixtures.grant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.InvalidSignatureException;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.SignerMismatchException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;

/** Every change to a signed message, its domain or its signature must be rejected or point to someone else. */
class SignatureMutationTest {

    static final TypedDataSigner PATIENT_SIGNER = TypedDataSigner.fromKeyPair(PATIENT_KEY);
    static final GrantMessage GRANT = grant();
    static final TypedData SIGNED = TypedData.of(CONSENT_DOMAIN, GRANT);
    static final EthSignature SIGNATURE = PATIENT_SIGNER.sign(SIGNED);

    /** Passes only if {@code signature} does not verify as the patient's for {@code data}. */
    static void assertNotThePatients(TypedData data, byte[] signature) {
        EthSignature parsed;
        try {
            parsed = EthSignature.fromBytes(signature);
        } catch (InvalidSignatureException rejected) {
            return;
        }
        assertThat(SignatureVerifier.isSignedByRequiredSigner(data, parsed))
                .as("signature %s over %s", parsed, data).isFalse();
    }

    @Test
    void verifiesTheUnchangedSignature() {
        assertThat(SignatureVerifier.verify(SIGNED, SIGNATURE)).isEqualTo(PATIENT);
        assertThat(PATIENT_SIGNER.sign(SIGNED)).as("RFC 6979 is deterministic").isEqualTo(SIGNATURE);
    }

    @Test
    void rejectsSignatureWithAnyByteFlipped() {
        for (int index = 0; index < 65; index++) {
            for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                byte[] mutated = SIGNATURE.toBytes();
                mutated[index] ^= (byte) mask;
                assertNotThePatients(SIGNED, mutated);
            }
        }
    }

    @Test
    void recoversAnotherAccountWhenVIsSwapped() {
        byte[] swapped = SIGNATURE.toBytes();
        swapped[64] = (byte) (SIGNATURE.v() == 27 ? 28 : 27);

        assertThat(SignatureVerifier.recoverSigner(SIGNED, EthSignature.fromBytes(swapped))).isNotEqualTo(PATIENT);
    }

    @Test
    void rejectsTruncatedExtendedAndReorderedSignatures() {
        byte[] bytes = SIGNATURE.toBytes();
        assertNotThePatients(SIGNED, Arrays.copyOf(bytes, 64));
        assertNotThePatients(SIGNED, Arrays.copyOf(bytes, 66));
        byte[] sThenR = new byte[65];
        System.arraycopy(bytes, 32, sThenR, 0, 32);
        System.arraycopy(bytes, 0, sThenR, 32, 32);
        sThenR[64] = bytes[64];
        assertNotThePatients(SIGNED, sThenR);
    }

    @Test
    void rejectsSignatureForGrantWithAnyFieldChanged() {
        EthAddress stranger = EthAddress.parse("0x90F79bf6EB2c4f870365E785982E1f101E93b906");
        List<GrantMessage> changed = List.of(
                new GrantMessage(stranger, GRANT.grantee(), GRANT.scope(), GRANT.action(), GRANT.purpose(),
                        GRANT.expiresAt(), GRANT.nonce(), GRANT.deadline()),
                new GrantMessage(GRANT.patient(), stranger, GRANT.scope(), GRANT.action(), GRANT.purpose(),
                        GRANT.expiresAt(), GRANT.nonce(), GRANT.deadline()),
                new GrantMessage(GRANT.patient(), GRANT.grantee(), Scope.all(), GRANT.action(), GRANT.purpose(),
                        GRANT.expiresAt(), GRANT.nonce(), GRANT.deadline()),
                new GrantMessage(GRANT.patient(), GRANT.grantee(), Scope.of(Category.CONDITION), GRANT.action(),
                        GRANT.purpose(), GRANT.expiresAt(), GRANT.nonce(), GRANT.deadline()),
                new GrantMessage(GRANT.patient(), GRANT.grantee(), Scope.of(RecordId.of(PATIENT, Category.OBSERVATION, 1)),
                        GRANT.action(), GRANT.purpose(), GRANT.expiresAt(), GRANT.nonce(), GRANT.deadline()),
                new GrantMessage(GRANT.patient(), GRANT.grantee(), GRANT.scope(), Action.WRITE, GRANT.purpose(),
                        GRANT.expiresAt(), GRANT.nonce(), GRANT.deadline()),
                new GrantMessage(GRANT.patient(), GRANT.grantee(), GRANT.scope(), GRANT.action(), Purpose.HRESCH,
                        GRANT.expiresAt(), GRANT.nonce(), GRANT.deadline()),
                new GrantMessage(GRANT.patient(), GRANT.grantee(), GRANT.scope(), GRANT.action(), GRANT.purpose(),
                        GRANT.expiresAt().plusSeconds(1), GRANT.nonce(), GRANT.deadline()),
                new GrantMessage(GRANT.patient(), GRANT.grantee(), GRANT.scope(), GRANT.action(), GRANT.purpose(),
                        GRANT.expiresAt(), GRANT.nonce().add(BigInteger.ONE), GRANT.deadline()),
                new GrantMessage(GRANT.patient(), GRANT.grantee(), GRANT.scope(), GRANT.action(), GRANT.purpose(),
                        GRANT.expiresAt(), GRANT.nonce(), GRANT.deadline().plusSeconds(1)));
        for (GrantMessage message : changed) {
            assertThat(message).isNotEqualTo(GRANT);
            assertNotThePatients(TypedData.of(CONSENT_DOMAIN, message), SIGNATURE.toBytes());
        }
    }

    @Test
    void rejectsSignatureForRevocationWithTheSameFields() {
        RevocationMessage sameFields = new RevocationMessage(GRANT.patient(), GRANT.grantee(), GRANT.scope(),
                GRANT.action(), GRANT.nonce(), GRANT.deadline());

        assertNotThePatients(TypedData.of(CONSENT_DOMAIN, sameFields), SIGNATURE.toBytes());
    }

    @Test
    void rejectsSignatureMadeForAnotherChain() {
        TypedData otherChain = TypedData.of(Eip712Domain.consentRegistry(11155111, CONSENT_DOMAIN.verifyingContract()), GRANT);

        assertNotThePatients(otherChain, SIGNATURE.toBytes());
    }

    @Test
    void rejectsSignatureMadeForAnotherVerifyingContract() {
        TypedData otherContract = TypedData.of(Eip712Domain.consentRegistry(31337,
                EthAddress.parse("0x8A791620dd6260079BF849Dc5567aDC3F2FdC318")), GRANT);

        assertNotThePatients(otherContract, SIGNATURE.toBytes());
    }

    @Test
    void rejectsKeyPublicationWithAnotherKey() {
        Random random = new Random(7);
        KeyPublicationMessage publication = new KeyPublicationMessage(PATIENT, EncryptionPublicKey.of(PATIENT_KEY),
                BigInteger.ZERO, Instant.ofEpochSecond(1_767_139_200L));
        KeyPublicationMessage swappedKey = new KeyPublicationMessage(PATIENT,
                EncryptionPublicKey.of(Eip712Fixtures.randomKeyPair(random)), BigInteger.ZERO, publication.deadline());
        EthSignature signature = PATIENT_SIGNER.sign(TypedData.of(Eip712Fixtures.DIRECTORY_DOMAIN, publication));

        assertNotThePatients(TypedData.of(Eip712Fixtures.DIRECTORY_DOMAIN, swappedKey), signature.toBytes());
    }

    @Test
    void reportsWhoSignedWhenItIsNotThePatient() {
        EthSignature granteeSignature = EthSignature.fromBytes(rawSignature(GRANTEE_KEY));

        assertThatThrownBy(() -> SignatureVerifier.verify(SIGNED, granteeSignature))
                .isInstanceOfSatisfying(SignerMismatchException.class, mismatch -> {
                    assertThat(mismatch.expected()).isEqualTo(PATIENT);
                    assertThat(mismatch.actual()).isEqualTo(GRANTEE);
                    assertThat(mismatch.code()).isEqualTo("PROTO-0007");
                });
    }

    @Test
    void refusesToSignAMessageThatAnotherAccountMustSign() {
        TypedDataSigner granteeSigner = TypedDataSigner.fromKeyPair(GRANTEE_KEY);

        assertThatThrownBy(() -> granteeSigner.sign(SIGNED)).isInstanceOf(SignerMismatchException.class);
    }

    @Test
    void verifiesRandomMessagesOnlyForTheirOwnDigest() {
        Random random = new Random(20_251_125);
        for (int i = 0; i < 30; i++) {
            TypedDataSigner signer = TypedDataSigner.fromKeyPair(Eip712Fixtures.randomKeyPair(random));
            TypedData data = Eip712Fixtures.randomTypedData(random, signer.address(), i);
            TypedData other = Eip712Fixtures.randomTypedData(random, signer.address(), i);
            EthSignature signature = signer.sign(data);

            assertThat(SignatureVerifier.verify(data, signature)).isEqualTo(signer.address());
            assertThat(SignatureVerifier.isSignedByRequiredSigner(other, signature)).isFalse();
        }
    }

    /** The grantee's raw signature over the patient's grant digest, bypassing the signer's own-account check. */
    static byte[] rawSignature(ECKeyPair key) {
        Sign.SignatureData data = Sign.signMessage(SIGNED.digest().toBytes(), key, false);
        byte[] bytes = new byte[65];
        System.arraycopy(data.getR(), 0, bytes, 0, 32);
        System.arraycopy(data.getS(), 0, bytes, 32, 32);
        bytes[64] = data.getV()[0];
        return bytes;
    }
}
