package io.healthkey.backend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import io.healthkey.backend.application.consent.ConsentRegistryPort;
import io.healthkey.backend.application.record.ContentStorePort;
import io.healthkey.backend.application.directory.ParticipantDirectoryPort;
import io.healthkey.backend.application.record.RecordRegistryPort;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.domain.record.AnchoredRecord;
import io.healthkey.backend.support.BackendITSupport;
import io.healthkey.backend.support.GatewayClinic;
import io.healthkey.backend.support.NodeScript;
import io.healthkey.backend.support.Providers;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.envelope.EnvelopeEncryptor;
import io.healthkey.protocol.envelope.EnvelopeKey;

/**
 * The product's journey driven by {@code interop/journey.mjs}: a dApp and a clinic's EHR on ethers 6, siwe, eciesjs,
 * fetch and node:crypto, and no Java. Java only accredits the clinic (Node holds no accreditor key) and hands the
 * script the clinic's wallet key and the public half of the encryption key the gateway holds for it. What the
 * script saw through the API is then checked against the chain, the directory and the IPFS node directly.
 */
class NodeJourneyIT extends BackendITSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBLEM_JSON = "application/problem+json";
    /** About 25 s here; the first gateway upload may wait for the FHIR validator's warm-up on a busy machine. */
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

    @Autowired
    Web3j web3j;

    @Autowired
    Deployment deployment;

    @Autowired
    RecordRegistryPort registry;

    @Autowired
    ConsentRegistryPort consent;

    @Autowired
    ParticipantDirectoryPort directory;

    @Autowired
    ContentStorePort content;

    @Test
    void dAppOnEthersSiweAndEciesjsWalksTheJourneyTheChainAndIpfsAgree() throws Exception {
        EthAddress clinic = GatewayClinic.WALLET.address();
        Providers.asDeployer(web3j, deployment).accreditIfNeeded(clinic);
        EncryptionPublicKey clinicKey = GatewayClinic.WALLET.encryptionKey().publicKey();

        NodeScript.Result run = NodeScript.run(stack().root(), SCRIPT_TIMEOUT, "journey.mjs", "", baseUrl(),
                Numeric.toHexStringWithPrefixZeroPadded(GatewayClinic.WALLET.keyPair().getPrivateKey(), 64),
                clinicKey.toHex());

        Files.writeString(Files.createDirectories(stack().root().resolve("backend/target/it-logs"))
                .resolve("node-journey.json"), run.stdout());
        assertThat(run.exitCode()).as(run.stdout()).isZero();
        JsonNode seen = JSON.readTree(run.stdout());
        EthAddress patient = EthAddress.parse(seen.path("patient").asText());
        EthAddress doctor = EthAddress.parse(seen.path("doctor").asText());
        assertThat(seen.path("clinic").asText()).isEqualTo(clinic.toString());

        // Keys: each publication was mined, and the directory holds what Node generated (the clinic: the gateway's).
        for (String who : List.of("patient", "doctor", "clinic")) {
            assertThat(seen.path("keyPublications").path(who).path("status").asText()).as(who).isEqualTo("CONFIRMED");
            assertMinedTo(seen.path("keyPublications").path(who), deployment.participantDirectory());
        }
        assertThat(directory.encryptionKeyOf(clinic).block()).isEqualTo(clinicKey);
        assertThat(directory.encryptionKeyOf(patient).block())
                .isEqualTo(EncryptionPublicKey.parse(seen.path("patientEncryptionKey").asText()));
        assertThat(directory.encryptionKeyOf(doctor).block())
                .isEqualTo(EncryptionPublicKey.parse(seen.path("doctorEncryptionKey").asText()));

        // Consent: the grant relayed; the same body again is a replay, a flipped bit of s another signer.
        assertMinedTo(seen.path("clinicWriteGrant"), deployment.consentRegistry());
        assertProblem(seen.path("replayedGrant"), 409, "CONSENT-0003");
        assertProblem(seen.path("tamperedGrant"), 422, "CONSENT-0001");

        // The first version: anchored by the clinic with the CID the gateway answered and the patient read.
        JsonNode firstSeen = seen.path("first");
        RecordId first = RecordId.parse(firstSeen.path("recordId").asText());
        assertThat(first.patient()).isEqualTo(patient);
        assertThat(first.category()).isEqualTo(Category.OBSERVATION);
        assertThat(firstSeen.path("anchor").path("kind").asText()).isEqualTo("ANCHOR");
        assertThat(firstSeen.path("anchor").path("status").asText()).isEqualTo("CONFIRMED");
        AnchoredRecord firstAnchored = registry.anchored(first).block();
        assertThat(firstAnchored.cid()).hasToString(firstSeen.path("cid").asText());
        assertThat(firstAnchored.author()).isEqualTo(clinic);
        assertThat(firstAnchored.transactionHash()).isEqualTo(firstSeen.path("anchor").path("transactionHash").asText());
        assertThat(firstAnchored.supersedes()).isEmpty();

        JsonNode patientRead = seen.path("patientRead");
        assertThat(patientRead.path("plaintextMatches").asBoolean()).as("patient decrypts the posted FHIR").isTrue();
        assertThat(patientRead.path("cid").asText()).isEqualTo(firstAnchored.cid().toString());
        assertThat(patientRead.path("mediaType").asText()).isEqualTo("application/fhir+json");
        assertThat(patientRead.path("wrappedKeySize").asInt()).isEqualTo(129);
        assertThat(patientRead.path("cacheControl").asText()).isEqualTo("no-store");
        assertProblem(seen.path("doctorBeforeGrant"), 403, "ACCESS-0002");

        // The doctor, granted with the key the patient wrapped in Node for the doctor's published key, reads it.
        JsonNode doctorRead = seen.path("doctorRead");
        assertThat(doctorRead.path("publishedKey").asText()).isEqualTo(seen.path("doctorEncryptionKey").asText());
        assertMinedTo(doctorRead.path("grant"), deployment.consentRegistry());
        assertThat(doctorRead.path("plaintextMatches").asBoolean()).as("doctor decrypts the posted FHIR").isTrue();
        assertThat(doctorRead.path("sameRecordKeyAsPatient").asBoolean()).isTrue();

        // Revoked: the chain says no, and so did the API.
        assertMinedTo(seen.path("revocation"), deployment.consentRegistry());
        assertProblem(seen.path("doctorAfterRevocation"), 403, "ACCESS-0002");
        assertThat(consent.hasAccess(new AccessQuery(patient, doctor, first, Action.READ)).block().allowed()).isFalse();

        // The corrected version supersedes the first on chain, under a new key; only its ciphertext stays pinned,
        // and Java opens it with the key Node unwrapped, to the FHIR Node posted.
        JsonNode secondSeen = seen.path("second");
        RecordId second = RecordId.parse(secondSeen.path("recordId").asText());
        AnchoredRecord secondAnchored = registry.anchored(second).block();
        assertThat(secondAnchored.supersedes()).contains(first);
        assertThat(secondAnchored.cid()).hasToString(secondSeen.path("cid").asText());
        JsonNode secondRead = seen.path("secondPatientRead");
        assertThat(secondRead.path("plaintextMatches").asBoolean()).isTrue();
        assertThat(secondRead.path("recordKeyDiffersFromFirst").asBoolean()).isTrue();
        assertProblem(seen.path("doctorOnSecond"), 403, "ACCESS-0002");
        assertThat(consent.hasAccess(new AccessQuery(patient, doctor, second, Action.READ)).block().allowed()).isFalse();
        assertThat(content.isPinned(firstAnchored.cid()).block()).as("superseded ciphertext unpinned").isFalse();
        assertThat(content.isPinned(secondAnchored.cid()).block()).isTrue();
        byte[] opened = new EnvelopeEncryptor().decrypt(
                EnvelopeKey.fromBytes(Hex.decode(secondRead.path("recordKey").asText(), 32, "record key")), second,
                bytesOf(secondAnchored.cid()));
        assertThat(new String(opened, StandardCharsets.UTF_8)).isEqualTo(secondSeen.path("fhir").asText());

        // The patient's audit, as Node got it.
        JsonNode audit = seen.path("audit");
        assertThat(fields(audit.path("records"), "recordId")).containsExactly(second.toHex(), first.toHex());
        assertThat(audit.path("records").path(1).path("supersededBy").asText()).isEqualTo(second.toHex());
        assertThat(audit.path("records").path(0).path("supersedes").asText()).isEqualTo(first.toHex());
        assertThat(audit.path("records").path(1).path("rekeyRequired").asBoolean()).isTrue();
        assertThat(fields(audit.path("records").path(0).path("readers")))
                .containsExactlyInAnyOrder(patient.toString(), clinic.toString());
        assertThat(fields(audit.path("records").path(1).path("readers")))
                .containsExactlyInAnyOrder(patient.toString(), clinic.toString());
        assertThat(fields(audit.path("consents"), "kind", "grantee", "action")).containsExactly(
                "REVOKED " + doctor + " READ",
                "GRANTED " + doctor + " READ",
                "GRANTED " + clinic + " WRITE");
        assertThat(fields(audit.path("reads"), "reader", "recordId", "allowed", "deniedCode")).containsExactly(
                doctor + " " + second.toHex() + " false ACCESS-0002",
                patient + " " + second.toHex() + " true null",
                doctor + " " + first.toHex() + " false ACCESS-0002",
                doctor + " " + first.toHex() + " true null",
                doctor + " " + first.toHex() + " false ACCESS-0002",
                patient + " " + first.toHex() + " true null");
    }

    /** A relay answer: CONFIRMED, and its transaction succeeded and went to {@code contract}. */
    private void assertMinedTo(JsonNode relayed, EthAddress contract) throws Exception {
        assertThat(relayed.path("status").asText()).as(relayed.toString()).isEqualTo("CONFIRMED");
        TransactionReceipt receipt = web3j.ethGetTransactionReceipt(relayed.path("transactionHash").asText()).send()
                .getTransactionReceipt().orElseThrow();
        assertThat(receipt.isStatusOK()).isTrue();
        assertThat(EthAddress.parse(receipt.getTo())).isEqualTo(contract);
        assertThat(receipt.getBlockNumber().longValueExact()).isEqualTo(relayed.path("blockNumber").asLong());
    }

    private static void assertProblem(JsonNode refused, int status, String code) {
        assertThat(refused.path("status").asInt()).as(refused.toString()).isEqualTo(status);
        assertThat(refused.path("code").asText()).as(refused.toString()).isEqualTo(code);
        assertThat(refused.path("contentType").asText()).as(refused.toString()).startsWith(PROBLEM_JSON);
    }

    private byte[] bytesOf(Cid cid) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer chunk : content.get(cid).collectList().block()) {
            byte[] bytes = new byte[chunk.remaining()];
            chunk.get(bytes);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** Per element of {@code array}: the named fields joined by spaces (missing or null as "null"), or the text. */
    private static List<String> fields(JsonNode array, String... names) {
        List<String> values = new ArrayList<>();
        for (JsonNode element : array) {
            if (names.length == 0) {
                values.add(element.asText());
                continue;
            }
            List<String> parts = new ArrayList<>();
            for (String name : names) {
                JsonNode value = element.path(name);
                parts.add(value.isMissingNode() || value.isNull() ? "null" : value.asText());
            }
            values.add(String.join(" ", parts));
        }
        return values;
    }
}
