package io.healthkey.protocol.eip712;

import static io.healthkey.protocol.eip712.Eip712Fixtures.CONSENT_DOMAIN;
import static io.healthkey.protocol.eip712.Eip712Fixtures.DIRECTORY_DOMAIN;
import static io.healthkey.protocol.eip712.Eip712Fixtures.GRANTEE;
import static io.healthkey.protocol.eip712.Eip712Fixtures.PATIENT;
import static io.healthkey.protocol.eip712.Eip712Fixtures.grant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.InvalidScopeException;
import io.healthkey.protocol.InvalidValueException;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.Uint;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

@SuppressWarnings("unchecked")
class TypedDataTest {

    @Test
    void usesTheContractsTypeStrings() {
        assertThat(grant().encodeType()).isEqualTo("Grant(address patient,address grantee,bytes32 scope,uint8 action,"
                + "uint16 purpose,uint64 expiresAt,uint256 nonce,uint256 deadline)");
        assertThat(grant().typeHash().toBytes()).isEqualTo(Hash.sha3(grant().encodeType().getBytes(StandardCharsets.UTF_8)));
        RevocationMessage revocation = new RevocationMessage(PATIENT, GRANTEE, Scope.all(), Action.WRITE,
                BigInteger.ONE, Instant.EPOCH);
        assertThat(revocation.encodeType()).isEqualTo(
                "Revocation(address patient,address grantee,bytes32 scope,uint8 action,uint256 nonce,uint256 deadline)");
    }

    @Test
    void describesAWalletPayloadWithChecksummedAddressesAndDecimalStrings() {
        Map<String, Object> map = TypedData.of(CONSENT_DOMAIN, grant()).toMap();

        assertThat(map).containsOnlyKeys("types", "primaryType", "domain", "message");
        assertThat(map.get("primaryType")).isEqualTo("Grant");
        assertThat((Map<String, Object>) map.get("types")).containsOnlyKeys("EIP712Domain", "Grant");
        assertThat((Map<String, Object>) map.get("domain")).containsEntry("chainId", 31337L)
                .containsEntry("verifyingContract", "0x5FbDB2315678afecb367f032d93F642f64180aa3");
        assertThat((Map<String, Object>) map.get("message"))
                .containsEntry("patient", "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
                .containsEntry("scope", "0x" + "00".repeat(31) + "02")
                .containsEntry("action", "1")
                .containsEntry("expiresAt", "1767225600")
                .containsEntry("nonce", "0");
    }

    @Test
    void writesTheSameJsonAsItsMap() {
        String json = TypedData.of(CONSENT_DOMAIN, grant()).toJson();

        assertThat(json).startsWith("{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"string\"},")
                .contains("\"domain\":{\"name\":\"HealthKey ConsentRegistry\",\"version\":\"1\",\"chainId\":31337,")
                .contains("\"purpose\":\"1\"");
    }

    @Test
    void refusesToChangeItsMap() {
        Map<String, Object> map = TypedData.of(CONSENT_DOMAIN, grant()).toMap();

        assertThatThrownBy(() -> map.put("primaryType", "Revocation")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((Map<String, Object>) map.get("message")).put("nonce", "1"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<Object>) ((Map<String, Object>) map.get("types")).get("Grant")).clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsGrantBoundToTheDirectoryDomain() {
        assertThatThrownBy(() -> TypedData.of(DIRECTORY_DOMAIN, grant()))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("HealthKey ConsentRegistry");
    }

    @Test
    void rejectsDomainOfAnotherVersion() {
        Eip712Domain version2 = new Eip712Domain(Eip712Domain.CONSENT_REGISTRY, "2", 31337,
                Eip712Fixtures.CONSENT_REGISTRY);

        assertThatThrownBy(() -> TypedData.of(version2, grant())).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void rejectsDomainWithChainIdWalletsCannotReadExactly() {
        assertThatThrownBy(() -> Eip712Domain.consentRegistry(1L << 53, Eip712Fixtures.CONSENT_REGISTRY))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Eip712Domain.consentRegistry(0, Eip712Fixtures.CONSENT_REGISTRY))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Eip712Domain.consentRegistry(1, EthAddress.ZERO))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void rejectsGranteeThatIsThePatientOrZero() {
        assertThatThrownBy(() -> new GrantMessage(PATIENT, PATIENT, Scope.all(), Action.READ, Purpose.TREAT,
                Instant.EPOCH, BigInteger.ZERO, Instant.EPOCH)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new RevocationMessage(PATIENT, EthAddress.ZERO, Scope.all(), Action.READ,
                BigInteger.ZERO, Instant.EPOCH)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void rejectsRecordScopeOfAnotherPatient() {
        Scope othersRecord = Scope.of(RecordId.of(GRANTEE, Category.OBSERVATION, 1));

        assertThatThrownBy(() -> new GrantMessage(PATIENT, GRANTEE, othersRecord, Action.READ, Purpose.TREAT,
                Instant.EPOCH, BigInteger.ZERO, Instant.EPOCH)).isInstanceOf(InvalidScopeException.class);
    }

    @Test
    void rejectsNonceBeyondUint256AndTimesBefore1970() {
        assertThatThrownBy(() -> new GrantMessage(PATIENT, GRANTEE, Scope.all(), Action.READ, Purpose.TREAT,
                Instant.EPOCH, Uint.max(256).add(BigInteger.ONE), Instant.EPOCH))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new GrantMessage(PATIENT, GRANTEE, Scope.all(), Action.READ, Purpose.TREAT,
                Instant.EPOCH.minusSeconds(1), BigInteger.ZERO, Instant.EPOCH))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void signsWholeSecondsSoSubSecondInstantsGiveTheSameDigest() {
        GrantMessage precise = new GrantMessage(PATIENT, GRANTEE, Scope.all(), Action.READ, Purpose.TREAT,
                Instant.ofEpochSecond(100, 999_999_999), BigInteger.ZERO, Instant.ofEpochSecond(50, 1));
        GrantMessage whole = new GrantMessage(PATIENT, GRANTEE, Scope.all(), Action.READ, Purpose.TREAT,
                Instant.ofEpochSecond(100), BigInteger.ZERO, Instant.ofEpochSecond(50));

        assertThat(precise).isEqualTo(whole);
        assertThat(TypedData.of(CONSENT_DOMAIN, precise).digest()).isEqualTo(TypedData.of(CONSENT_DOMAIN, whole).digest());
    }

    @Test
    void publishesTheSameTypesAsTheTypedDataOfEachContract() {
        Map<String, Object> grantTypes = (Map<String, Object>) TypedData.of(CONSENT_DOMAIN, grant()).toMap().get("types");
        Map<String, Object> revocationTypes = (Map<String, Object>) TypedData.of(CONSENT_DOMAIN, new RevocationMessage(
                PATIENT, GRANTEE, Scope.all(), Action.READ, BigInteger.ZERO, Instant.EPOCH)).toMap().get("types");
        Map<String, Object> cancellationTypes = (Map<String, Object>) TypedData.of(CONSENT_DOMAIN,
                new CancelNoncesMessage(PATIENT, BigInteger.TEN, BigInteger.ZERO, Instant.EPOCH)).toMap().get("types");
        Map<String, Object> publicationTypes = (Map<String, Object>) TypedData.of(DIRECTORY_DOMAIN,
                new KeyPublicationMessage(PATIENT, io.healthkey.protocol.EncryptionPublicKey.of(Eip712Fixtures.PATIENT_KEY),
                        BigInteger.ZERO, Instant.EPOCH)).toMap().get("types");

        assertThat(Eip712Types.consentRegistry()).containsExactly(
                Map.entry("EIP712Domain", grantTypes.get("EIP712Domain")),
                Map.entry("Grant", grantTypes.get("Grant")),
                Map.entry("Revocation", revocationTypes.get("Revocation")),
                Map.entry("CancelNonces", cancellationTypes.get("CancelNonces")));
        assertThat(Eip712Types.participantDirectory()).containsExactly(
                Map.entry("EIP712Domain", publicationTypes.get("EIP712Domain")),
                Map.entry("KeyPublication", publicationTypes.get("KeyPublication")));
    }
}
