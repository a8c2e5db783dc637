package io.healthkey.backend.adapter.outbound.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.healthkey.backend.domain.network.AbiEntry;
import io.healthkey.backend.domain.network.ContractAbis;
import io.healthkey.backend.support.Checkout;

/** The published ABIs are the Hardhat build's, entry for entry: nothing hand-copied, nothing lost or added. */
class ArtifactContractAbisTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final ContractAbis abis = new ArtifactContractAbis().abis();

    @Test
    void everyContractsAbiSerialisesBackToTheAbiOfItsHardhatArtifact() throws Exception {
        Map<String, List<AbiEntry>> byContract = Map.of(
                "ParticipantDirectory", abis.participantDirectory(),
                "ConsentRegistry", abis.consentRegistry(),
                "RecordRegistry", abis.recordRegistry(),
                "ReadReceiptRoots", abis.readReceiptRoots(),
                "EmergencyAccess", abis.emergencyAccess());

        for (var contract : byContract.entrySet()) {
            String name = contract.getKey();
            JsonNode built = JSON.readTree(Checkout.root()
                    .resolve(Path.of("artifacts", "contracts", name + ".sol", name + ".json")).toFile()).path("abi");
            assertThat(built.size()).as(name).isPositive();
            JsonNode published = JSON.valueToTree(contract.getValue());
            assertThat(published).as(name).isEqualTo(built);
        }
    }

    @Test
    void theEventsADappReadsAnchorsFromKeepTheirIndexedTopics() {
        AbiEntry anchored = abis.recordRegistry().stream()
                .filter(entry -> "event".equals(entry.type()) && "RecordAnchored".equals(entry.name()))
                .findFirst().orElseThrow();

        assertThat(anchored.anonymous()).isFalse();
        assertThat(anchored.inputs()).anySatisfy(input -> assertThat(input.indexed()).isTrue());
        assertThat(abis.consentRegistry()).anySatisfy(entry -> {
            assertThat(entry.type()).isEqualTo("function");
            assertThat(entry.name()).isEqualTo("grantBySig");
            assertThat(entry.inputs().get(0).components()).isNotEmpty();
        });
    }
}
