package io.healthkey.backend.adapter.outbound.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.protocol.ChecksumMismatchException;

class DeploymentFileTest {

    private static final String FILE = """
            {"chainId":31337,"network":"devchain","deployer":"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","startBlock":3,
             "contracts":{"ParticipantDirectory":{"address":"0x5fbdb2315678afecb367f032d93f642f64180aa3","blockNumber":1},
                          "ConsentRegistry":{"address":"0xe7f1725e7734ce288f8367e1bb143e90bb3f0512","blockNumber":2},
                          "RecordRegistry":{"address":"0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0","blockNumber":3},
                          "ReadReceiptRoots":{"address":"0xcf7ed3acca5a467e9e704c703e8d87f634fb0fc9","blockNumber":3}}}""";
    private static final ChainProperties.Contracts NO_OVERRIDES = new ChainProperties.Contracts(null, null, null, null);

    @Test
    void readsChainStartBlockAndAddressesAsTheDeployScriptWritesThem(@TempDir Path dir) throws Exception {
        Deployment deployment = DeploymentFile.read(Files.writeString(dir.resolve("31337.json"), FILE), NO_OVERRIDES);

        assertThat(deployment.chainId()).isEqualTo(31337);
        assertThat(deployment.startBlock()).isEqualTo(3);
        assertThat(deployment.consentRegistry().toString()).isEqualTo("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512");
    }

    @Test
    void appliesAddressOverrides(@TempDir Path dir) throws Exception {
        var overrides = new ChainProperties.Contracts(null, "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0", null, null);

        Deployment deployment = DeploymentFile.read(Files.writeString(dir.resolve("31337.json"), FILE), overrides);

        assertThat(deployment.consentRegistry().toLowerHex()).isEqualTo("0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0");
    }

    @Test
    void refusesAMissingFileOrAMistypedChecksummedAddress(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> DeploymentFile.read(dir.resolve("nope.json"), NO_OVERRIDES))
                .hasMessageContaining("Deployment file not found");
        var badChecksum = new ChainProperties.Contracts(null, "0xE7f1725E7734CE288F8367e1Bb143E90bb3F0512", null, null);
        Path file = Files.writeString(dir.resolve("31337.json"), FILE);
        assertThatThrownBy(() -> DeploymentFile.read(file, badChecksum)).isInstanceOf(ChecksumMismatchException.class);
    }

    @Test
    void readsTheEmergencyAccessTheConsentRegistryDeployedAndNoneForAnOlderDeployment(@TempDir Path dir)
            throws Exception {
        String withEmergency = FILE.replace("\"ReadReceiptRoots\":", "\"EmergencyAccess\":{\"address\":"
                + "\"0xdc64a140aa3e981100a9beca4e685f962f0cf6c9\",\"blockNumber\":2},\"ReadReceiptRoots\":");

        Deployment current = DeploymentFile.read(Files.writeString(dir.resolve("a.json"), withEmergency), NO_OVERRIDES);
        Deployment older = DeploymentFile.read(Files.writeString(dir.resolve("b.json"), FILE), NO_OVERRIDES);

        assertThat(current.emergencyAccess()).hasValueSatisfying(address ->
                assertThat(address.toLowerHex()).isEqualTo("0xdc64a140aa3e981100a9beca4e685f962f0cf6c9"));
        assertThat(older.emergencyAccess()).isEmpty();
    }
}
