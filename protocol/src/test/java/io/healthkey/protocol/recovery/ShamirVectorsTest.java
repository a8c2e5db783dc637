package io.healthkey.protocol.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.InvalidValueException;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shares made by the npm package shamir-secret-sharing 0.0.4 (interop/recovery-vectors.mjs): given the same
 * coefficients, codahale through {@link ShamirSharing} makes the same bytes, which proves the same field and layout;
 * and Java combines Node's shares, with sequential and with random x, from any k of them.
 */
class ShamirVectorsTest {

    static JsonNode file() throws IOException {
        try (InputStream in = ShamirVectorsTest.class.getResourceAsStream("/vectors/shamir.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** INSECURE, vectors only: codahale asks for k bytes per secret byte, keeps the last k - 1 as coefficients. */
    static final class FixedCoefficients extends SecureRandom {
        private final Deque<byte[]> coefficients;

        FixedCoefficients(List<byte[]> coefficients) {
            this.coefficients = new ArrayDeque<>(coefficients);
        }

        @Override
        public void nextBytes(byte[] bytes) {
            byte[] next = coefficients.removeFirst();
            assertThat(bytes).hasSize(next.length + 1);
            bytes[0] = 0;
            System.arraycopy(next, 0, bytes, 1, next.length);
        }

        boolean allUsed() {
            return coefficients.isEmpty();
        }
    }

    static List<byte[]> hexList(JsonNode array) {
        List<byte[]> list = new ArrayList<>();
        array.forEach(node -> list.add(Hex.decode(node.asText(), "vector")));
        return list;
    }

    @Test
    void splitsWithTheSameCoefficientsIntoTheNpmPackagesBytes() throws IOException {
        for (JsonNode vector : file().get("knownAnswer")) {
            FixedCoefficients random = new FixedCoefficients(hexList(vector.get("coefficients")));
            List<byte[]> expected = hexList(vector.get("shares"));
            List<byte[]> shares = new ShamirSharing(random).split(
                    Hex.decode(vector.get("secret").asText(), "secret"), vector.get("threshold").asInt(), expected.size());

            assertThat(shares).as(vector.get("name").asText()).containsExactlyElementsOf(expected);
            assertThat(random.allUsed()).isTrue();
        }
    }

    @Test
    void combinesAnyThresholdOfTheNpmPackagesShares() throws IOException {
        JsonNode file = file();
        List<JsonNode> vectors = new ArrayList<>();
        file.get("knownAnswer").forEach(vectors::add);
        file.get("randomX").forEach(vectors::add);
        for (JsonNode vector : vectors) {
            byte[] secret = Hex.decode(vector.get("secret").asText(), "secret");
            List<byte[]> shares = hexList(vector.get("shares"));
            int k = vector.get("threshold").asInt();

            assertThat(ShamirSharing.combine(shares.subList(0, k))).as(vector.get("name").asText()).isEqualTo(secret);
            assertThat(ShamirSharing.combine(shares.subList(shares.size() - k, shares.size()))).isEqualTo(secret);
            assertThat(ShamirSharing.combine(shares)).isEqualTo(secret);
        }
    }

    @Test
    void combinesToOtherBytesFromFewerThanThresholdShares() throws IOException {
        for (JsonNode vector : file().get("randomX")) {
            int k = vector.get("threshold").asInt();
            if (k > 2) {
                List<byte[]> shares = hexList(vector.get("shares"));
                assertThat(ShamirSharing.combine(shares.subList(0, k - 1)))
                        .isNotEqualTo(Hex.decode(vector.get("secret").asText(), "secret"));
            }
        }
    }

    @Test
    void refusesSharesThatCannotBeInterpolated() {
        byte[] a = {1, 2, 1};
        assertThatThrownBy(() -> ShamirSharing.combine(List.of(a))).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> ShamirSharing.combine(List.of(a, new byte[] {3, 4, 1})))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("distinct");
        assertThatThrownBy(() -> ShamirSharing.combine(List.of(a, new byte[] {3, 4, 0})))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> ShamirSharing.combine(List.of(a, new byte[] {3, 2})))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("same length");
        assertThatThrownBy(() -> new ShamirSharing().split(new byte[32], 1, 3)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new ShamirSharing().split(new byte[32], 3, 2)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new ShamirSharing().split(new byte[32], 2, 256)).isInstanceOf(InvalidValueException.class);
    }
}
