package io.healthkey.protocol.eip712;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthkey.protocol.Action;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.CaregiverPowers;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.InvalidValueException;
import io.healthkey.protocol.ProtocolException;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The caregiver messages hash as ethers 6 hashes them ({@code TypedDataEncoder.hash}, digests made once with the
 * repository's ethers and pasted here), including the {@code bytes32[]} of an appointment's scopes, and refuse what
 * the contract refuses whatever its state.
 */
class CaregiverMessagesTest {

    private static final Eip712Domain DOMAIN = Eip712Domain.consentRegistry(31337,
            EthAddress.parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"));
    private static final EthAddress PATIENT = EthAddress.parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    private static final EthAddress CAREGIVER = EthAddress.parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    private static final EthAddress GRANTEE = EthAddress.parse("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
    private static final Instant EXPIRES_AT = Instant.ofEpochSecond(1767225600);
    private static final Instant DEADLINE = Instant.ofEpochSecond(1767139200);
    private static final Scope OBSERVATIONS = Scope.fromBytes32(PATIENT,
            Bytes32.fromUint256(BigInteger.TWO));
    private static final Scope CONDITIONS = Scope.fromBytes32(PATIENT,
            Bytes32.fromUint256(BigInteger.valueOf(3)));

    @Test
    void anAppointmentHashesItsScopesAsEthersDoes() {
        AppointmentMessage appointment = new AppointmentMessage(PATIENT, PATIENT, CAREGIVER,
                List.of(OBSERVATIONS, CONDITIONS), new CaregiverPowers(5), EXPIRES_AT, BigInteger.valueOf(3),
                DEADLINE);

        assertThat(TypedData.of(DOMAIN, appointment).digest().toHex())
                .isEqualTo("0x3ec354707c035421ba40893aeadf16ac65aa29a1edc88a91854d6afd9c941c5d");
        assertThat(appointment.encodeType()).isEqualTo("Appointment(address appointer,address patient,"
                + "address caregiver,bytes32[] scopes,uint8 powers,uint64 expiresAt,uint256 nonce,uint256 deadline)");
        @SuppressWarnings("unchecked")
        Map<String, Object> message = (Map<String, Object>) TypedData.of(DOMAIN, appointment).toMap().get("message");
        assertThat(message.get("scopes")).isEqualTo(List.of(OBSERVATIONS.toBytes32().toHex(),
                CONDITIONS.toBytes32().toHex()));
    }

    @Test
    void theCaregiversGrantAndRevocationsHashAsEthersDoes() {
        CaregiverGrantMessage grant = CaregiverGrantMessage.of(CAREGIVER, PATIENT, GRANTEE, OBSERVATIONS, Action.READ,
                Purpose.TREAT, EXPIRES_AT, BigInteger.ZERO, DEADLINE);
        CaregiverRevocationMessage revocation = new CaregiverRevocationMessage(PATIENT, CAREGIVER,
                BigInteger.valueOf(4), DEADLINE);
        CaregiverGrantRevocationMessage grantRevocation = CaregiverGrantRevocationMessage.of(CAREGIVER, PATIENT,
                GRANTEE, OBSERVATIONS, Action.READ, BigInteger.ONE, DEADLINE);

        assertThat(TypedData.of(DOMAIN, grant).digest().toHex())
                .isEqualTo("0x4a618bbbf83bc0a2c5128bb772b9c5d9fad1f5d93d9394ced1082f93034f1975");
        assertThat(TypedData.of(DOMAIN, revocation).digest().toHex())
                .isEqualTo("0x6eeac081fd9cc4cf7ef50d35f098f5131561292a288a016c64a8c649f3c3ccb7");
        assertThat(TypedData.of(DOMAIN, grantRevocation).digest().toHex())
                .isEqualTo("0xee5d6222d2255e9ba6e0c00d71a5d5b10621ed3e9ae1b45ef22dee26f1895df4");
    }

    @Test
    void eachMessageIsSignedByItsOwnSigner() {
        assertThat(CaregiverGrantMessage.of(CAREGIVER, PATIENT, GRANTEE, OBSERVATIONS, Action.READ, Purpose.TREAT,
                EXPIRES_AT, BigInteger.ZERO, DEADLINE).requiredSigner()).isEqualTo(CAREGIVER);
        assertThat(new CaregiverRevocationMessage(PATIENT, CAREGIVER, BigInteger.ZERO, DEADLINE).requiredSigner())
                .isEqualTo(PATIENT);
        assertThat(new AppointmentMessage(GRANTEE, PATIENT, CAREGIVER, List.of(OBSERVATIONS),
                new CaregiverPowers(1), EXPIRES_AT, BigInteger.ZERO, DEADLINE).requiredSigner()).isEqualTo(GRANTEE);
    }

    @Test
    void refusesAnAppointmentTheContractWouldAlwaysRefuse() {
        assertThatThrownBy(() -> appointment(PATIENT, List.of(OBSERVATIONS)))
                .as("the patient as its own caregiver").isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> appointment(CAREGIVER, List.of()))
                .as("no scope").isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> appointment(CAREGIVER, Collections.nCopies(9, OBSERVATIONS)))
                .as("more than 8 scopes").isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> appointment(CAREGIVER, List.of(Scope.of(
                RecordId.of(GRANTEE, Category.OBSERVATION, 1)))))
                .as("a record of another patient").isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> CaregiverGrantMessage.of(PATIENT, PATIENT, GRANTEE, OBSERVATIONS, Action.READ,
                Purpose.TREAT, EXPIRES_AT, BigInteger.ZERO, DEADLINE))
                .as("a caregiver grant signed by the patient").isInstanceOf(InvalidValueException.class);
    }

    @Test
    void powersAreTheFourFlagsByNumberOrName() {
        assertThat(CaregiverPowers.parse("READ,GRANT_REVOKE")).isEqualTo(new CaregiverPowers(5));
        assertThat(CaregiverPowers.parse("15").names()).containsExactly("READ", "WRITE", "GRANT_REVOKE", "APPOINT");
        for (String invalid : List.of("0", "16", "READ,OWNER", "", "999")) {
            assertThatThrownBy(() -> CaregiverPowers.parse(invalid)).as(invalid)
                    .isInstanceOf(InvalidValueException.class);
        }
    }

    private static AppointmentMessage appointment(EthAddress caregiver, List<Scope> scopes) {
        return new AppointmentMessage(PATIENT, PATIENT, caregiver, scopes, new CaregiverPowers(1), EXPIRES_AT,
                BigInteger.ZERO, DEADLINE);
    }
}
