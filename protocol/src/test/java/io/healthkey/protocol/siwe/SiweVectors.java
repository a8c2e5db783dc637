package io.healthkey.protocol.siwe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthkey.protocol.EthAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The messages in {@code vectors/siwe.json}, made by the npm siwe package and signed by ethers 6. */
final class SiweVectors {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Hardhat's public development keys #0..#2, which signed the vectors. */
    static final List<String> KEYS = List.of(
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
            "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
            "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");

    record Vector(String name, JsonNode fields, String message, String signature, String address) {

        @Override
        public String toString() {
            return name;
        }

        /** The message built in Java from the fields given to siwe. */
        SiweMessage fromFields() {
            SiweMessage.Builder builder = SiweMessage.builder(fields.get("domain").asText(),
                    EthAddress.parse(fields.get("address").asText()), fields.get("uri").asText(),
                    fields.get("chainId").asLong(), fields.get("nonce").asText(),
                    SiweTime.parse(fields.get("issuedAt").asText()));
            builder.scheme(text("scheme")).statement(text("statement")).requestId(text("requestId"));
            if (fields.has("expirationTime")) {
                builder.expirationTime(SiweTime.parse(fields.get("expirationTime").asText()));
            }
            if (fields.has("notBefore")) {
                builder.notBefore(SiweTime.parse(fields.get("notBefore").asText()));
            }
            if (fields.has("resources")) {
                List<String> resources = new ArrayList<>();
                fields.get("resources").forEach(resource -> resources.add(resource.asText()));
                builder.resources(resources);
            }
            return builder.build();
        }

        private String text(String field) {
            return fields.has(field) ? fields.get(field).asText() : null;
        }
    }

    private SiweVectors() {
    }

    static List<Vector> all() {
        try (InputStream in = SiweVectors.class.getResourceAsStream("/vectors/siwe.json")) {
            JsonNode root = JSON.readTree(in);
            List<Vector> vectors = new ArrayList<>();
            for (JsonNode vector : root.get("vectors")) {
                vectors.add(new Vector(vector.get("name").asText(), vector.get("fields"),
                        vector.get("message").asText(), vector.get("signature").asText(),
                        vector.get("address").asText()));
            }
            return vectors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
