package io.healthkey.protocol.eip712;

import static io.healthkey.protocol.eip712.Eip712Fixtures.CONSENT_DOMAIN;
import static io.healthkey.protocol.eip712.Eip712Fixtures.PATIENT;
import static io.healthkey.protocol.eip712.SignatureMutationTest.PATIENT_SIGNER;
import static io.healthkey.protocol.eip712.SignatureMutationTest.assertNotThePatients;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.InvalidValueException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The nonce cancellation refuses what the contract always refuses, and its signature verifies for no other message
 * (each field changed, another chain or contract, any byte of the signature flipped).
 */
class CancelNoncesMessageTest {

    private static final EthAddress STRANGER = EthAddress.parse("0x90F79bf6EB2c4f870365E785982E1f101E93b906");
    private static final Instant DEADLINE = Instant.ofEpochSecond(1_767_139_200L);
    private static final BigInteger NONCE = BigInteger.valueOf(3);
    private static final CancelNoncesMessage CANCELLATION = new CancelNoncesMessage(PATIENT, BigInteger.TEN, NONCE,
            DEADLINE);

    @Test
    void hasTheContractsTypeString() {
        assertThat(CANCELLATION.encodeType())
                .isEqualTo("CancelNonces(address patient,uint256 newNonce,uint256 nonce,uint256 deadline)");
        assertThat(CANCELLATION.requiredSigner()).isEqualTo(PATIENT);
    }

    @Test
    void acceptsTheSmallestAndTheLargestJump() {
        assertThat(new CancelNoncesMessage(PATIENT, NONCE.add(BigInteger.ONE), NONCE, DEADLINE).newNonce())
                .isEqualTo(4);
        BigInteger farthest = NONCE.add(CancelNoncesMessage.MAX_NONCE_JUMP);
        assertThat(new CancelNoncesMessage(PATIENT, farthest, NONCE, DEADLINE).newNonce()).isEqualTo(farthest);
    }

    @Test
    void refusesANewNonceThatDoesNotMoveForwardOrJumpsTooFar() {
        BigInteger uint256Max = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
        for (BigInteger newNonce : List.of(BigInteger.ZERO, NONCE,
                NONCE.add(CancelNoncesMessage.MAX_NONCE_JUMP).add(BigInteger.ONE), uint256Max)) {
            assertThatThrownBy(() -> new CancelNoncesMessage(PATIENT, newNonce, NONCE, DEADLINE))
                    .isInstanceOf(InvalidValueException.class).hasMessageContaining("newNonce");
        }
        assertThatThrownBy(() -> new CancelNoncesMessage(PATIENT, BigInteger.TWO.pow(256), uint256Max, DEADLINE))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new CancelNoncesMessage(EthAddress.parse("0x" + "0".repeat(40)), BigInteger.TEN,
                NONCE, DEADLINE)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void signatureVerifiesForNoMessageWithAFieldChanged() {
        CancelNoncesMessage c = CANCELLATION;
        byte[] signature = PATIENT_SIGNER.sign(TypedData.of(CONSENT_DOMAIN, c)).toBytes();
        assertThat(SignatureVerifier.verify(TypedData.of(CONSENT_DOMAIN, c), EthSignature.fromBytes(signature)))
                .isEqualTo(PATIENT);
        for (CancelNoncesMessage changed : List.of(
                new CancelNoncesMessage(STRANGER, c.newNonce(), c.nonce(), c.deadline()),
                new CancelNoncesMessage(c.patient(), c.newNonce().add(BigInteger.ONE), c.nonce(), c.deadline()),
                new CancelNoncesMessage(c.patient(), c.newNonce(), c.nonce().add(BigInteger.ONE), c.deadline()),
                new CancelNoncesMessage(c.patient(), c.newNonce(), c.nonce(), c.deadline().plusSeconds(1)))) {
            assertNotThePatients(TypedData.of(CONSENT_DOMAIN, changed), signature);
        }
        assertNotThePatients(TypedData.of(Eip712Domain.consentRegistry(11155111, CONSENT_DOMAIN.verifyingContract()),
                c), signature);
        assertNotThePatients(TypedData.of(Eip712Domain.consentRegistry(31337, STRANGER), c), signature);
        for (int index = 0; index < signature.length; index++) {
            byte[] mutated = signature.clone();
            mutated[index] ^= (byte) 0x01;
            assertNotThePatients(TypedData.of(CONSENT_DOMAIN, c), mutated);
        }
    }

    @Test
    void isNeverBoundToTheParticipantDirectoryDomain() {
        assertThatThrownBy(() -> TypedData.of(Eip712Fixtures.DIRECTORY_DOMAIN, CANCELLATION))
                .isInstanceOf(InvalidValueException.class);
    }
}
