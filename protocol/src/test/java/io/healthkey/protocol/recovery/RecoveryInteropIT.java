package io.healthkey.protocol.recovery;

import static io.healthkey.protocol.recovery.RecoveryFixtures.DOMAIN;
import static io.healthkey.protocol.recovery.RecoveryFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.eip712.NodeScripts;
import io.healthkey.protocol.eip712.TypedData;
import io.healthkey.protocol.recovery.RecoveryFixtures.Signed;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Java to Node: shares split by {@link ShamirSharing} combine in the npm package shamir-secret-sharing to the same
 * secret; a kit made by {@link RecoveryKits}, with transfers signed by Java, gives the key back in Node
 * (interop/recovery-io.mjs, whose verifyTransfer uses ethers), and Node refuses a transfer for another device.
 */
class RecoveryInteropIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final RecoveryFixtures f = new RecoveryFixtures();

    @BeforeAll
    static void node() {
        NodeScripts.assumeNodeIsInstalled();
    }

    @Test
    void javaSharesCombineInTheNpmPackage() throws Exception {
        SecureRandom random = new SecureRandom();
        List<Map<String, Object>> items = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        for (int[] kn : new int[][] {{2, 2}, {2, 3}, {3, 5}, {5, 5}, {7, 10}, {2, 255}}) {
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            List<byte[]> shares = new ShamirSharing().split(secret, kn[0], kn[1]);
            items.add(Map.of("op", "combine", "shares", shares.subList(0, kn[0]).stream().map(Hex::encode).toList()));
            items.add(Map.of("op", "combine", "shares",
                    shares.subList(kn[1] - kn[0], kn[1]).stream().map(Hex::encode).toList()));
            secrets.add(Hex.encode(secret));
            secrets.add(Hex.encode(secret));
        }

        assertThat(NodeScripts.run("recovery-io.mjs", JSON.writeValueAsString(items))).containsExactlyElementsOf(secrets);
    }

    @Test
    void aJavaKitWithJavaSignedTransfersRecoversInNode() throws Exception {
        RecoveryKit kit = f.kit();
        Signed first = f.release(kit, f.people.get(0));
        Signed third = f.release(kit, f.people.get(2));
        EncryptionPrivateKey otherDevice = EncryptionPrivateKey.generate();

        List<String> lines = NodeScripts.run("recovery-io.mjs", JSON.writeValueAsString(List.of(
                recoverItem(kit, f.device, first, third),
                recoverItem(kit, otherDevice, first, third))));

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo(Hex.encode(f.patientKey.toBytes()));
        assertThat(lines.get(1)).startsWith("ERROR refused: another recipient");
    }

    private static Map<String, Object> recoverItem(RecoveryKit kit, EncryptionPrivateKey device, Signed... transfers) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("op", "recover");
        item.put("kit", kit.toHex());
        item.put("domain", TypedData.of(DOMAIN, transfers[0].message()).toMap().get("domain"));
        item.put("now", NOW.getEpochSecond());
        item.put("devicePrivateKey", Hex.encode(device.toBytes()));
        item.put("transfers", Arrays.stream(transfers).map(t -> Map.of(
                "message", TypedData.of(DOMAIN, t.message()).toMap().get("message"),
                "signature", t.signature().toHex())).toList());
        return item;
    }
}
