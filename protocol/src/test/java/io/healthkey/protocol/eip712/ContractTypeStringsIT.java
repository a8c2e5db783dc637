package io.healthkey.protocol.eip712;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthkey.protocol.Action;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.CaregiverPowers;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java messages use, verbatim, the type strings and domain names the Solidity contracts hash. */
class ContractTypeStringsIT {

    static String source(String file) throws Exception {
        return Files.readString(NodeScripts.root().resolve("contracts").resolve(file));
    }

    @Test
    void consentMessagesMatchTheConsentRegistryTypeHashes() throws Exception {
        String registry = source("ConsentRegistry.sol");
        RevocationMessage revocation = new RevocationMessage(Eip712Fixtures.PATIENT, Eip712Fixtures.GRANTEE,
                Scope.all(), Action.READ, BigInteger.ZERO, Instant.EPOCH);

        assertThat(registry).contains("\"" + Eip712Fixtures.grant().encodeType() + "\"");
        assertThat(registry).contains("\"" + revocation.encodeType() + "\"");
        assertThat(registry).contains("\"" + new CancelNoncesMessage(Eip712Fixtures.PATIENT, BigInteger.ONE,
                BigInteger.ZERO, Instant.EPOCH).encodeType() + "\"");
        assertThat(registry).contains("EIP712(\"" + Eip712Domain.CONSENT_REGISTRY + "\", \"" + Eip712Domain.VERSION + "\")");
    }

    @Test
    void caregiverMessagesMatchTheConsentRegistryTypeHashes() throws Exception {
        String registry = source("ConsentRegistry.sol");
        Scope observations = Scope.fromBytes32(Eip712Fixtures.PATIENT,
                io.healthkey.protocol.Bytes32.fromUint256(BigInteger.TWO));
        EthAddress caregiver = Eip712Fixtures.GRANTEE;
        List<CaregiverMessage> messages = List.of(
                new AppointmentMessage(Eip712Fixtures.PATIENT, Eip712Fixtures.PATIENT, caregiver,
                        List.of(observations), new CaregiverPowers(1), Instant.EPOCH, BigInteger.ZERO, Instant.EPOCH),
                new CaregiverRevocationMessage(Eip712Fixtures.PATIENT, caregiver, BigInteger.ZERO, Instant.EPOCH),
                CaregiverGrantMessage.of(caregiver, Eip712Fixtures.PATIENT, caregiver, observations, Action.READ,
                        Purpose.TREAT, Instant.EPOCH, BigInteger.ZERO, Instant.EPOCH),
                CaregiverGrantRevocationMessage.of(caregiver, Eip712Fixtures.PATIENT, caregiver, observations,
                        Action.READ, BigInteger.ZERO, Instant.EPOCH));

        for (CaregiverMessage message : messages) {
            assertThat(registry).contains("\"" + message.encodeType() + "\"");
        }
    }

    @Test
    void keyPublicationMatchesTheParticipantDirectoryTypeHash() throws Exception {
        String directory = source("ParticipantDirectory.sol");
        KeyPublicationMessage publication = new KeyPublicationMessage(Eip712Fixtures.PATIENT,
                EncryptionPublicKey.of(Eip712Fixtures.PATIENT_KEY), BigInteger.ZERO, Instant.EPOCH);

        assertThat(directory.replaceAll("\"\\s*\\n\\s*\"", "")).contains("\"" + publication.encodeType() + "\"");
        assertThat(directory).contains("EIP712(\"" + Eip712Domain.PARTICIPANT_DIRECTORY + "\", \"" + Eip712Domain.VERSION + "\")");
    }

    @Test
    void emergencyMessagesMatchTheEmergencyAccessTypeHashes() throws Exception {
        String emergency = source("EmergencyAccess.sol").replaceAll("\"\\s*\\n\\s*\"", "");
        var patient = Eip712Fixtures.PATIENT;
        var requester = Eip712Fixtures.GRANTEE;
        var keyholder = EthAddress.parse("0x" + "7".repeat(40));

        assertThat(emergency).contains("\"" + new EmergencyMessage.Setup(patient, List.of(), 0, 0, List.of(),
                BigInteger.ZERO, Instant.EPOCH).encodeType() + "\"");
        assertThat(emergency).contains("\"" + new EmergencyMessage.Request(requester, patient, Purpose.ETREAT,
                Bytes32.fromUint256(BigInteger.ONE), BigInteger.ZERO, Instant.EPOCH).encodeType() + "\"");
        assertThat(emergency).contains("\"" + new EmergencyMessage.Approval(keyholder, patient, requester, 1,
                Instant.EPOCH).encodeType() + "\"");
        assertThat(emergency).contains("\"" + new EmergencyMessage.Closure(patient, requester, BigInteger.ZERO,
                Instant.EPOCH).encodeType() + "\"");
        assertThat(emergency).contains("EIP712(\"" + Eip712Domain.EMERGENCY_ACCESS + "\", \"" + Eip712Domain.VERSION
                + "\")");
    }
}
