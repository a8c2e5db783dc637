package io.healthkey.protocol.passkey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.eip712.NodeScripts;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Java to Node: random PRF outputs, chains and accounts derive the same keys in interop/passkey-key-io.mjs. */
class PasskeyKeyInteropIT {

    @BeforeAll
    static void node() {
        NodeScripts.assumeNodeIsInstalled();
    }

    @Test
    void nodeDerivesTheKeysJavaDerives() throws Exception {
        SecureRandom random = new SecureRandom();
        List<Map<String, Object>> items = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            byte[] prf = SoftwarePrfAuthenticator.newPasskey().evaluate(PasskeyEncryptionKeys.prfInput());
            byte[] account = new byte[20];
            random.nextBytes(account);
            account[0] |= 1;
            long chainId = 1 + (random.nextLong() >>> 11);
            items.add(Map.of("prfOutput", Hex.encode(prf), "chainId", chainId, "account", Hex.encode(account)));
            expected.add(Hex.encode(PasskeyEncryptionKeys.derive(prf, chainId, EthAddress.fromBytes(account)).toBytes()));
        }

        assertThat(NodeScripts.run("passkey-key-io.mjs", new ObjectMapper().writeValueAsString(items)))
                .containsExactlyElementsOf(expected);
    }
}
