package io.healthkey.protocol.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.EthSignature;
import io.healthkey.protocol.eip712.ShareTransferMessage;
import io.healthkey.protocol.eip712.TypedData;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A kit made in Node (interop/recovery-vectors.mjs: shamir-secret-sharing, eciesjs, node:crypto) and ShareTransfers
 * signed with ethers: Java parses the kit to the same bytes, computes the same EIP-712 digests, accepts the
 * signatures and gives back the private key.
 */
class RecoveryKitNodeVectorsTest {

    @Test
    void recoversTheKeyFromANodeKitAndEthersSignedTransfers() throws IOException {
        JsonNode v;
        try (InputStream in = getClass().getResourceAsStream("/vectors/recovery-kit.json")) {
            v = new ObjectMapper().readTree(in);
        }
        byte[] kitBytes = Hex.decode(v.get("kit").asText(), "kit");
        RecoveryKit kit = RecoveryKit.parse(kitBytes);
        JsonNode d = v.get("domain");
        Eip712Domain domain = Eip712Domain.recovery(d.get("chainId").asLong(),
                EthAddress.parse(d.get("verifyingContract").asText()));
        EncryptionPrivateKey device = EncryptionPrivateKey.parse(v.get("devicePrivateKey").asText());
        Instant now = Instant.ofEpochSecond(v.get("now").asLong());

        List<VerifiedShareTransfer> verified = new ArrayList<>();
        for (JsonNode t : v.get("transfers")) {
            JsonNode m = t.get("message");
            ShareTransferMessage message = new ShareTransferMessage(Bytes32.parse(m.get("kitId").asText()),
                    EthAddress.parse(m.get("patient").asText()), EthAddress.parse(m.get("guardian").asText()),
                    EncryptionPublicKey.parse(m.get("recipientPublicKey").asText()),
                    Hex.decode(m.get("share").asText(), "share"), Instant.ofEpochSecond(m.get("deadline").asLong()));
            assertThat(TypedData.of(domain, message).digest().toHex()).isEqualTo(t.get("digest").asText());
            verified.add(ShareTransfers.verify(kit, domain, message, EthSignature.parse(t.get("signature").asText()),
                    device.publicKey(), now));
        }

        assertThat(kit.toBytes()).isEqualTo(kitBytes);
        assertThat(new RecoveryKits().recover(kit, verified, device))
                .isEqualTo(EncryptionPrivateKey.parse(v.get("patientPrivateKey").asText()));
    }
}
