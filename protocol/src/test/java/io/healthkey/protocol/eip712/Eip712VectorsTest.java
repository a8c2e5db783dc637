package io.healthkey.protocol.eip712;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthkey.protocol.EthAddress;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.web3j.crypto.ECKeyPair;

/** Known answers made by ethers 6 (interop/eip712-vectors.mjs): the Java side must agree byte for byte. */
class Eip712VectorsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    record Vector(Map<String, Object> fields) {
        String text(String name) {
            return (String) fields.get(name);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> typedData() {
            return (Map<String, Object>) fields.get("typedData");
        }
    }

    static Stream<Named<Vector>> vectors() throws IOException {
        try (InputStream in = Eip712VectorsTest.class.getResourceAsStream("/vectors/eip712.json")) {
            Map<String, Object> file = JSON.readValue(in, new TypeReference<>() { });
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> vectors = (List<Map<String, Object>>) file.get("vectors");
            assertThat(vectors).hasSizeGreaterThanOrEqualTo(9);
            return vectors.stream().map(fields -> Named.of((String) fields.get("name"), new Vector(fields)));
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void producesTheSameTypedDataJsonAsEthers(Vector vector) throws IOException {
        TypedData data = Eip712Fixtures.fromVectorJson(vector.typedData());

        // toMap() as another JSON library would serialize it (chainId is a Long there, an Integer when read back).
        assertThat(JSON.readValue(JSON.writeValueAsString(data.toMap()), new TypeReference<Map<String, Object>>() { }))
                .isEqualTo(vector.typedData());
        assertThat(JSON.readValue(data.toJson(), new TypeReference<Map<String, Object>>() { }))
                .isEqualTo(vector.typedData());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void producesTheSameHashesAsEthers(Vector vector) {
        TypedData data = Eip712Fixtures.fromVectorJson(vector.typedData());

        assertThat(data.message().encodeType()).isEqualTo(vector.text("encodeType"));
        assertThat(data.message().typeHash().toHex()).isEqualTo(vector.text("typeHash"));
        assertThat(data.domainSeparator().toHex()).isEqualTo(vector.text("domainSeparator"));
        assertThat(data.structHash().toHex()).isEqualTo(vector.text("structHash"));
        assertThat(data.digest().toHex()).isEqualTo(vector.text("digest"));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void producesTheSameDeterministicSignatureAsEthers(Vector vector) {
        TypedData data = Eip712Fixtures.fromVectorJson(vector.typedData());
        ECKeyPair key = ECKeyPair.create(new BigInteger(vector.text("privateKey").substring(2), 16));
        TypedDataSigner signer = TypedDataSigner.fromKeyPair(key);

        assertThat(signer.address()).isEqualTo(EthAddress.parse(vector.text("signer")));
        assertThat(signer.sign(data).toHex()).isEqualTo(vector.text("signature"));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void recoversTheSignerOfTheEthersSignature(Vector vector) {
        TypedData data = Eip712Fixtures.fromVectorJson(vector.typedData());
        EthSignature signature = EthSignature.parse(vector.text("signature"));

        assertThat(SignatureVerifier.recoverSigner(data, signature)).isEqualTo(EthAddress.parse(vector.text("signer")));
        assertThat(SignatureVerifier.verify(data, signature)).isEqualTo(EthAddress.parse(vector.text("signer")));
    }
}
