package io.healthkey.backend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

import io.healthkey.backend.adapter.outbound.chain.contracts.ConsentRegistry;
import io.healthkey.backend.support.BackendITSupport;
import io.healthkey.backend.support.NodeScript;
import io.healthkey.backend.support.Patients;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.eip712.TypedData;
import io.healthkey.protocol.eip712.TypedDataSigner;

/** A dApp that knows only ethers 6 and the HTTP API, and a Java signature that ethers accepts. */
class EthersConsentInteropIT extends BackendITSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    Web3j web3j;

    @Test
    void grantSignedByEthersFromTheNetworkDescriptionIsRelayedAndHonouredOnChain() throws Exception {
        ECKeyPair patientKey = Keys.createEcKeyPair();
        EthAddress patient = EthAddress.parse(Keys.toChecksumAddress(Keys.getAddress(patientKey)));
        EthAddress doctor = Patients.newAddress();
        Scope labResults = Scope.of(Category.OBSERVATION);

        NodeScript.Result relayed = NodeScript.run(stack().root(), "relay-grant-with-ethers.mjs", "", baseUrl(),
                Numeric.toHexStringWithPrefixZeroPadded(patientKey.getPrivateKey(), 64), doctor.toString(),
                labResults.toBytes32().toHex());

        assertThat(relayed.exitCode()).as(relayed.stdout()).isZero();
        assertThat(JSON.readTree(relayed.stdout()).path("status").asText()).isEqualTo("CONFIRMED");
        RecordId record = RecordId.of(patient, Category.OBSERVATION, 1);
        assertThat(consentRegistry().hasAccess(patient.toString(), doctor.toString(), record.toBytes32().toBytes(),
                BigInteger.valueOf(Action.READ.code())).send()).isTrue();
    }

    @Test
    void grantSignedInJavaWithTheNetworkDescriptionRecoversToThePatientInEthers() throws Exception {
        TypedDataSigner patient = Patients.newWallet();
        GrantMessage grant = new GrantMessage(patient.address(), Patients.newAddress(), Scope.all(), Action.READ,
                Purpose.TREAT, Instant.now().plus(Duration.ofDays(1)), BigInteger.ZERO,
                Instant.now().plus(Duration.ofHours(1)));
        TypedData typedData = TypedData.of(networkDomain(), grant);
        String input = JSON.writeValueAsString(Map.of("typedData", typedData.toMap(),
                "signature", patient.sign(typedData).toHex()));

        NodeScript.Result recovered = NodeScript.run(stack().root(), "verify-typed-data.mjs", input);

        assertThat(recovered.stdout()).isEqualTo(patient.address().toString());
    }

    private Eip712Domain networkDomain() {
        Map<?, ?> domain = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) network().get("eip712")).get("consentRegistry"))
                .get("domain");
        return new Eip712Domain((String) domain.get("name"), (String) domain.get("version"),
                ((Number) domain.get("chainId")).longValue(), EthAddress.parse((String) domain.get("verifyingContract")));
    }

    private ConsentRegistry consentRegistry() {
        String address = (String) ((Map<?, ?>) network().get("contracts")).get("consentRegistry");
        return ConsentRegistry.load(address, web3j, new ReadonlyTransactionManager(web3j, address),
                new DefaultGasProvider());
    }

    private Map<?, ?> network() {
        return http.get().uri("/api/v1/network").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }
}
