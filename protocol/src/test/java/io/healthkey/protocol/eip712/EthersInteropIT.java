package io.healthkey.protocol.eip712;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.Uint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;

/**
 * Java and ethers 6 sign and verify each other's EIP-712 messages, for fresh random keys and messages of every
 * kind. Needs {@code node} and the repository's node_modules; skipped with a message when node is missing.
 */
class EthersInteropIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int MESSAGES = 30;

    @BeforeAll
    static void requireNode() {
        NodeScripts.assumeNodeIsInstalled();
    }

    @Test
    void ethersRecoversTheJavaSignerOfRandomMessages() throws Exception {
        Random random = new Random();
        ArrayNode input = JSON.createArrayNode();
        List<EthAddress> signers = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            TypedDataSigner signer = TypedDataSigner.fromKeyPair(Eip712Fixtures.randomKeyPair(random));
            TypedData data = Eip712Fixtures.randomTypedData(random, signer.address(), i);
            input.addObject().putRawValue("typedData", new RawValue(data.toJson()))
                    .put("signature", signer.sign(data).toHex());
            signers.add(signer.address());
        }

        List<String> recovered = NodeScripts.run("verify-typed-data.mjs", JSON.writeValueAsString(input));

        assertThat(recovered).containsExactlyElementsOf(signers.stream().map(EthAddress::toString).toList());
    }

    @Test
    void ethersRecoversAnotherAccountForATamperedJavaMessage() throws Exception {
        Random random = new Random();
        TypedDataSigner signer = TypedDataSigner.fromKeyPair(Eip712Fixtures.randomKeyPair(random));
        TypedData signed = Eip712Fixtures.randomTypedData(random, signer.address(), 0);
        TypedData tampered = TypedData.of(
                Eip712Domain.consentRegistry(signed.domain().chainId() + 1, signed.domain().verifyingContract()),
                signed.message());
        String input = JSON.writeValueAsString(JSON.createObjectNode()
                .putRawValue("typedData", new RawValue(tampered.toJson()))
                .put("signature", signer.sign(signed).toHex()));

        List<String> recovered = NodeScripts.run("verify-typed-data.mjs", input);

        assertThat(recovered).hasSize(1);
        assertThat(recovered.get(0)).isNotEqualTo(signer.address().toString());
    }

    @Test
    void javaRecoversTheEthersSignerOfRandomMessages() throws Exception {
        Random random = new Random();
        ArrayNode input = JSON.createArrayNode();
        List<TypedData> messages = new ArrayList<>();
        List<EthAddress> signers = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            ECKeyPair key = Eip712Fixtures.randomKeyPair(random);
            EthAddress signer = TypedDataSigner.fromKeyPair(key).address();
            TypedData data = Eip712Fixtures.randomTypedData(random, signer, i);
            input.addObject().putRawValue("typedData", new RawValue(data.toJson()))
                    .put("privateKey", Hex.encode(Uint.toWord(key.getPrivateKey(), 256, "key")));
            messages.add(data);
            signers.add(signer);
        }

        List<String> signatures = NodeScripts.run("sign-typed-data.mjs", JSON.writeValueAsString(input));

        assertThat(signatures).hasSize(MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            EthSignature signature = EthSignature.parse(signatures.get(i));
            assertThat(SignatureVerifier.verify(messages.get(i), signature)).isEqualTo(signers.get(i));
        }
    }

    @Test
    void committedVectorsAreWhatEthersGeneratesToday() throws Exception {
        Path fresh = Files.createTempFile("eip712-vectors", ".json");
        try {
            NodeScripts.run("eip712-vectors.mjs", "", fresh.toString());
            Path committed = NodeScripts.root().resolve("protocol/src/test/resources/vectors/eip712.json");

            assertThat(JSON.readTree(fresh.toFile())).isEqualTo(JSON.readTree(committed.toFile()));
        } finally {
            Files.deleteIfExists(fresh);
        }
    }
}
