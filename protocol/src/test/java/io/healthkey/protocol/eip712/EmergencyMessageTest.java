package io.healthkey.protocol.eip712;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.InvalidValueException;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Digests of the emergency messages as ethers 6's {@code TypedDataEncoder.hash} computes them (arrays included). */
class EmergencyMessageTest {

    private static final Eip712Domain DOMAIN = Eip712Domain.emergencyAccess(31337,
            EthAddress.parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"));
    private static final EthAddress PATIENT = address('1');
    private static final EthAddress REQUESTER = address('5');
    private static final Instant DEADLINE = Instant.ofEpochSecond(1_900_000_000L);

    @Test
    void setupDigestEqualsEthersWithItsArraysOfKeyholdersAndScopes() {
        var setup = new EmergencyMessage.Setup(PATIENT, List.of(address('2'), address('3'), address('4')), 2, 3600,
                List.of(Scope.of(Category.BUNDLE), Scope.of(Category.ALLERGY_INTOLERANCE)), BigInteger.valueOf(5),
                DEADLINE);

        assertThat(TypedData.of(DOMAIN, setup).digest().toHex())
                .isEqualTo("0x34f605923109820ba355e5b5d9b60379a49e1147a673b4db98e0be4003619183");
    }

    @Test
    void requestApprovalAndClosureDigestsEqualEthers() {
        var request = new EmergencyMessage.Request(REQUESTER, PATIENT, Purpose.ETREAT,
                Bytes32.parse("0x" + "ab".repeat(32)), BigInteger.ZERO, DEADLINE);
        var approval = new EmergencyMessage.Approval(address('2'), PATIENT, REQUESTER, 3, DEADLINE);
        var closure = new EmergencyMessage.Closure(PATIENT, REQUESTER, BigInteger.valueOf(6), DEADLINE);

        assertThat(TypedData.of(DOMAIN, request).digest().toHex())
                .isEqualTo("0x90105aa7bb2ff7ac8234b14a7c6a194d3706903a5f450aaa0031457e379cd661");
        assertThat(TypedData.of(DOMAIN, approval).digest().toHex())
                .isEqualTo("0x0cd8565f100fc983e9e3bf532ad82e714f8cde183d08674b337f7accf83fe6c0");
        assertThat(TypedData.of(DOMAIN, closure).digest().toHex())
                .isEqualTo("0xa0c1e5749a5ec560465f8c9d9cdffe4b033e9d74b24c03906400e9eb03cbaaff");
    }

    @Test
    void anApprovalSignedForOneRoundHasAnotherDigestThanTheNext() {
        var round3 = new EmergencyMessage.Approval(address('2'), PATIENT, REQUESTER, 3, DEADLINE);
        var round4 = new EmergencyMessage.Approval(address('2'), PATIENT, REQUESTER, 4, DEADLINE);

        assertThat(TypedData.of(DOMAIN, round3).digest()).isNotEqualTo(TypedData.of(DOMAIN, round4).digest());
    }

    @Test
    void refusesSetupsTheContractRefuses() {
        assertThatThrownBy(() -> new EmergencyMessage.Setup(PATIENT, List.of(address('2'), address('2')), 1, 3600,
                List.of(Scope.all()), BigInteger.ZERO, DEADLINE)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new EmergencyMessage.Setup(PATIENT, List.of(PATIENT), 1, 3600,
                List.of(Scope.all()), BigInteger.ZERO, DEADLINE)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new EmergencyMessage.Setup(PATIENT, List.of(address('2')), 2, 3600,
                List.of(Scope.all()), BigInteger.ZERO, DEADLINE)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new EmergencyMessage.Approval(REQUESTER, PATIENT, REQUESTER, 1, DEADLINE))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void isBoundToTheEmergencyAccessDomainOnly() {
        var closure = new EmergencyMessage.Closure(PATIENT, REQUESTER, BigInteger.ZERO, DEADLINE);

        assertThatThrownBy(() -> TypedData.of(Eip712Domain.consentRegistry(31337, address('9')), closure))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void reasonHashIsKeccakOfTheUtf8Reason() {
        // ethers.id("unconscious, suspected stroke")
        assertThat(EmergencyMessage.reasonHash("unconscious, suspected stroke").toHex())
                .isEqualTo("0xbc13bb12e2f3e4f05aa4e3ce1a5347ea225f36e8c91f10d9a045431b35524c2b");
    }

    private static EthAddress address(char digit) {
        return EthAddress.parse("0x" + String.valueOf(digit).repeat(40));
    }
}
