package io.healthkey.protocol.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.eip712.NodeScripts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * interop/envelope-decrypt.mjs, an independent reader written from docs/FORMAT.md on node:crypto alone, decrypts
 * what the Java writer produces byte for byte, rejects what was tampered with, and agrees with every committed
 * known answer; the Node-written known answers are reproducible. Needs {@code node}; skipped with a message when
 * it is missing.
 */
class EnvelopeInteropIT {

    static final int MIB = 1 << 20;

    Path dir;

    @BeforeAll
    static void requireNode() {
        NodeScripts.assumeNodeIsInstalled();
    }

    @BeforeEach
    void createDirectory() throws IOException {
        dir = Files.createTempDirectory("envelope-interop");
    }

    @AfterEach
    void deleteDirectory() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    @Test
    void nodeDecryptsJavaEnvelopesOfManySizesByteForByte() throws Exception {
        Random random = new Random();
        EnvelopeEncryptor encryptor = new EnvelopeEncryptor();
        for (int length : new int[] {0, 1, 1000, MIB - 1, MIB, MIB + 1, 5 * MIB / 2, 3 * MIB + 17}) {
            EnvelopeKey key = EnvelopeKey.generate();
            RecordId id = randomRecordId(random);
            byte[] plaintext = EnvelopeFixtures.random(random, length);
            Path envelope = dir.resolve("envelope-" + length);
            try (OutputStream out = encryptor.encryptingStream(key, id, Files.newOutputStream(envelope))) {
                EnvelopeFixtures.writeInChunks(out, plaintext, random, 200_000);
            }

            Result result = nodeDecrypt(key, id, envelope);

            assertThat(result.exitCode()).as(length + " bytes: " + result.stdout()).isZero();
            assertThat(Files.readAllBytes(result.plaintext())).as(length + " bytes").isEqualTo(plaintext);
        }
    }

    @Test
    void nodeRejectsTamperedJavaEnvelopesAndAnotherRecordId() throws Exception {
        Random random = new Random();
        EnvelopeKey key = EnvelopeKey.generate();
        RecordId id = randomRecordId(random);
        byte[] envelope = new EnvelopeEncryptor().encrypt(key, id, EnvelopeFixtures.random(random, 5 * MIB / 2));
        int sealed = MIB + 16;
        List<byte[]> tampered = new ArrayList<>();
        byte[] flipped = envelope.clone();
        flipped[41 + sealed + 1234] ^= 0x40;
        tampered.add(flipped);
        tampered.add(Arrays.copyOf(envelope, 41 + 2 * sealed));
        tampered.add(EnvelopeFixtures.concat(envelope, new byte[] {0}));
        byte[] swapped = envelope.clone();
        System.arraycopy(envelope, 41, swapped, 41 + sealed, sealed);
        System.arraycopy(envelope, 41 + sealed, swapped, 41, sealed);
        tampered.add(swapped);

        for (int i = 0; i < tampered.size(); i++) {
            Path file = dir.resolve("tampered-" + i);
            Files.write(file, tampered.get(i));
            Result result = nodeDecrypt(key, id, file);
            assertThat(result.exitCode()).as("tampered envelope " + i).isEqualTo(2);
            assertThat(result.stdout()).startsWith("REJECTED");
        }
        Path intact = dir.resolve("intact");
        Files.write(intact, envelope);
        assertThat(nodeDecrypt(key, randomRecordId(random), intact).stdout()).startsWith("REJECTED");
        assertThat(nodeDecrypt(EnvelopeKey.generate(), id, intact).stdout()).startsWith("REJECTED");
        assertThat(nodeDecrypt(key, id, intact).exitCode()).isZero();
    }

    @Test
    void nodeAgreesWithEveryCommittedKnownAnswer() throws Exception {
        Path vectors = NodeScripts.root().resolve("protocol/src/test/resources/vectors/envelope-v1.json");

        Result result = node(List.of("--vectors", vectors.toString()));

        assertThat(result.exitCode()).as(result.stdout()).isZero();
        assertThat(result.stdout().lines().filter(line -> line.startsWith("ok "))).hasSize(21);
        assertThat(result.stdout()).doesNotContain("FAIL");
    }

    @Test
    void nodeDecryptsTheMultiMegabyteKnownAnswers() throws Exception {
        JsonNode file = new ObjectMapper().readTree(
                NodeScripts.root().resolve("protocol/src/test/resources/vectors/envelope-v1.json").toFile());
        int checked = 0;
        for (JsonNode vector : file.get("vectors")) {
            if (vector.has("ciphertext")) {
                continue;
            }
            EnvelopeKey key = EnvelopeKey.fromBytes(Hex.decode(vector.get("key").asText(), "key"));
            RecordId id = RecordId.parse(vector.get("recordId").asText());
            byte[] plaintext = EnvelopeFixtures.pattern(vector.get("plaintextLength").asInt());
            byte[] envelope = InsecureEnvelopeEncryptors.insecureFixedSalt(vector.get("segmentSizeExponent").asInt(),
                    Hex.decode(vector.get("saltAndNoncePrefix").asText(), "salt")).encrypt(key, id, plaintext);
            assertThat(Hex.encode(EnvelopeVectors.sha256(envelope))).isEqualTo(vector.get("ciphertextSha256").asText());
            Path path = dir.resolve("vector-" + checked);
            Files.write(path, envelope);

            Result result = nodeDecrypt(key, id, path);

            assertThat(result.exitCode()).as(vector.get("name").asText()).isZero();
            assertThat(Files.readAllBytes(result.plaintext())).isEqualTo(plaintext);
            checked++;
        }
        assertThat(checked).isEqualTo(3);
    }

    @Test
    void nodeAgreesWithEveryVersion2KnownAnswerAndOpensEachSlot() throws Exception {
        Path vectors = NodeScripts.root().resolve("protocol/src/test/resources/vectors/envelope-v2.json");

        Result result = node(List.of("--vectors", vectors.toString()));

        assertThat(result.exitCode()).as(result.stdout()).isZero();
        assertThat(result.stdout().lines().filter(line -> line.startsWith("ok "))).hasSize(17);
        assertThat(result.stdout()).doesNotContain("FAIL");
    }

    /** Node's writer, given a vector's salt and slot, writes Java's version 2 bytes, the long vectors included. */
    @Test
    void nodeWritesJavasVersion2BytesGivenTheSaltAndSlot() throws Exception {
        List<String> lines = NodeScripts.run("envelope-v2-rewrite.mjs", "",
                NodeScripts.root().resolve("protocol/src/test/resources/vectors/envelope-v2.json").toString());

        assertThat(lines).hasSize(EnvelopeV2Vectors.VALID.size()).allMatch(line -> line.startsWith("ok "));
    }

    @Test
    void eachSideOpensTheOthersVersion2EnvelopeWithThePatientsKeyAlone() throws Exception {
        Random random = new Random();
        RecordId id = randomRecordId(random);
        byte[] plaintext = EnvelopeFixtures.random(random, 5 * MIB / 2);
        Path fromJava = dir.resolve("from-java");
        Files.write(fromJava, new EnvelopeEncryptor().encrypt(EnvelopeKey.generate(), id,
                EnvelopeV2Fixtures.PATIENT_KEY, plaintext));
        Path plaintextFile = dir.resolve("plaintext");
        Files.write(plaintextFile, plaintext);
        Path fromNode = dir.resolve("from-node");

        Result javaOpenedByNode = node(List.of("--patient-key",
                Hex.encode(EnvelopeV2Fixtures.PATIENT_PRIVATE_KEY.toBytes()), id.toHex(), fromJava.toString(),
                dir.resolve("from-java.plain").toString()));
        NodeScripts.run("envelope-encrypt.mjs", "", Hex.encode(EnvelopeKey.generate().toBytes()), id.toHex(),
                plaintextFile.toString(), fromNode.toString(), EnvelopeV2Fixtures.PATIENT_KEY.toHex());
        byte[] nodeEnvelope = Files.readAllBytes(fromNode);
        EnvelopeKey recovered = EnvelopeV2Test.recoverKey(nodeEnvelope, EnvelopeV2Fixtures.PATIENT_PRIVATE_KEY);

        assertThat(javaOpenedByNode.exitCode()).as(javaOpenedByNode.stdout()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("from-java.plain"))).isEqualTo(plaintext);
        assertThat(new EnvelopeEncryptor().decrypt(recovered, id, nodeEnvelope)).isEqualTo(plaintext);
        byte[] swapped = nodeEnvelope.clone();
        System.arraycopy(Files.readAllBytes(fromJava), 74, swapped, 74, 129);
        Files.write(fromNode, swapped);
        assertThat(node(List.of("--patient-key", Hex.encode(EnvelopeV2Fixtures.PATIENT_PRIVATE_KEY.toBytes()),
                id.toHex(), fromNode.toString(), dir.resolve("swapped.plain").toString())).stdout())
                .startsWith("REJECTED");
    }

    /** The Node-written vectors Java reads (EnvelopeNodeVectorsTest) are what the dApp's writer writes today. */
    @Test
    void committedNodeVectorsAreWhatNodeWritesToday() throws Exception {
        Path fresh = dir.resolve("envelope-v1-node.json");

        NodeScripts.run("envelope-vectors.mjs", "", fresh.toString());

        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(fresh.toFile())).isEqualTo(json.readTree(
                NodeScripts.root().resolve("protocol/src/test/resources/vectors/envelope-v1-node.json").toFile()));
    }

    record Result(int exitCode, String stdout, Path plaintext) {
    }

    private Result nodeDecrypt(EnvelopeKey key, RecordId id, Path envelope) throws Exception {
        Path plaintext = dir.resolve(envelope.getFileName() + ".plain");
        Result result = node(List.of(Hex.encode(key.toBytes()), id.toHex(), envelope.toString(), plaintext.toString()));
        return new Result(result.exitCode(), result.stdout(), plaintext);
    }

    private Result node(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(
                List.of("node", NodeScripts.root().resolve("interop/envelope-decrypt.mjs").toString()));
        command.addAll(args);
        Path stderr = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).directory(NodeScripts.root().toFile())
                .redirectError(stderr.toFile()).start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("envelope-decrypt.mjs did not finish in 120 s");
        }
        String errors = Files.readString(stderr);
        if (process.exitValue() != 0 && process.exitValue() != 2) {
            throw new IllegalStateException("envelope-decrypt.mjs exited with " + process.exitValue() + ": " + errors);
        }
        return new Result(process.exitValue(), stdout, null);
    }

    private static RecordId randomRecordId(Random random) {
        return RecordId.of(EthAddress.fromBytes(EnvelopeFixtures.random(random, 20)),
                Category.ofCode(1 + random.nextInt(29)), random.nextInt(1 << 30));
    }
}
