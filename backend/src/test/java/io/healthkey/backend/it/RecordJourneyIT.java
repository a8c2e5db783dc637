package io.healthkey.backend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.web3j.protocol.Web3j;

import io.healthkey.backend.application.record.ContentStorePort;
import io.healthkey.backend.application.record.RecordRegistryPort;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.support.ApiClient;
import io.healthkey.backend.support.BackendITSupport;
import io.healthkey.backend.support.GatewayClinic;
import io.healthkey.backend.support.Providers;
import io.healthkey.backend.support.Wallet;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.content.Cid;

/**
 * The product's core journey through the HTTP API, against a real Hardhat node and a real Kubo: a clinic uploads
 * FHIR for a patient through the gateway, the patient grants a doctor, the doctor signs in, reads and decrypts,
 * the patient revokes, the doctor is denied, and the clinic's next version is under a new key that the doctor
 * never gets, while the old ciphertext is unpinned. The patient's audit shows all of it.
 */
class RecordJourneyIT extends BackendITSupport {

    @Autowired
    Web3j web3j;

    @Autowired
    Deployment deployment;

    @Autowired
    RecordRegistryPort registry;

    @Autowired
    ContentStorePort content;

    private ApiClient patient;
    private ApiClient clinic;
    private ApiClient doctor;

    @BeforeEach
    void participants() {
        patient = client(Wallet.create());
        doctor = client(Wallet.create());
        clinic = client(GatewayClinic.WALLET);
    }

    @Test
    void clinicUploadsPatientGrantsDoctorReadsPatientRevokesAndTheNextVersionIsRekeyed() throws Exception {
        byte[] observation = resource("fhir/observation-valid.json");
        Providers.asDeployer(web3j, deployment).accreditIfNeeded(clinic.address());
        clinic.publishEncryptionKey();
        patient.publishEncryptionKey();
        doctor.publishEncryptionKey();
        patient.grant(clinic.address(), Scope.of(Category.OBSERVATION), Action.WRITE, Map.of());

        // The clinic's EHR posts plaintext FHIR; the gateway encrypts, pins, and anchors in the background.
        Map<?, ?> uploaded = clinic.gatewayUpload(patient.address(), MediaType.valueOf("application/fhir+json"),
                observation, null).expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
        RecordId first = RecordId.parse((String) uploaded.get("recordId"));
        assertThat(first.patient()).isEqualTo(patient.address());
        assertThat(first.category()).isEqualTo(Category.OBSERVATION);
        Map<?, ?> mined = clinic.awaitConfirmed((String) uploaded.get("statusUrl"));
        assertThat(mined.get("kind")).isEqualTo("ANCHOR");
        assertThat(registry.anchored(first).block().cid()).hasToString((String) uploaded.get("cid"));

        // The patient reads and decrypts with their own key; the doctor, not granted, is denied.
        ApiClient.Opened byPatient = patient.readAndDecrypt(first);
        assertThat(byPatient.plaintext()).isEqualTo(observation);
        assertThat(byPatient.cid()).isEqualTo(uploaded.get("cid"));
        doctor.http().get().uri("/api/v1/records/{id}/content", first.toHex()).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("ACCESS-0002");

        // The patient grants the doctor READ on observations, with the record key wrapped for the doctor.
        patient.grant(doctor.address(), Scope.of(Category.OBSERVATION), Action.READ,
                Map.of(first, patient.rewrapFor(first, doctor.wallet().encryptionKey())));
        ApiClient.Opened byDoctor = doctor.readAndDecrypt(first);
        assertThat(byDoctor.plaintext()).isEqualTo(observation);
        assertThat(byDoctor.key()).isEqualTo(byPatient.key());

        // The clinic reads decrypted FHIR through the gateway once it holds READ too.
        clinic.http().get().uri("/api/v1/gateway/records/{id}/content", first.toHex()).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("ACCESS-0002");
        patient.grant(clinic.address(), Scope.of(Category.OBSERVATION), Action.READ, Map.of());
        byte[] decrypted = clinic.http().get().uri("/api/v1/gateway/records/{id}/content", first.toHex()).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("application/fhir+json")
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(decrypted).isEqualTo(observation);

        // The patient revokes the doctor: reads are denied from the next block on, and the record needs a new key.
        patient.revoke(doctor.address(), Scope.of(Category.OBSERVATION), Action.READ);
        doctor.http().get().uri("/api/v1/records/{id}/content", first.toHex()).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("ACCESS-0002");
        Map<String, Object> firstAudited = patient.list("/api/v1/patients/" + patient.address() + "/records").get(0);
        assertThat(firstAudited.get("rekeyRequired")).isEqualTo(true);
        assertThat(firstAudited.get("readers")).asList().doesNotContain(doctor.address().toString());

        // The clinic's next version supersedes it under a fresh key, wrapped for the patient and the clinic only.
        byte[] corrected = new String(observation, java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"final\"", "\"amended\"").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Map<?, ?> second = clinic.gatewayUpload(patient.address(), MediaType.valueOf("application/fhir+json"),
                corrected, first).expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
        RecordId next = RecordId.parse((String) second.get("recordId"));
        clinic.awaitConfirmed((String) second.get("statusUrl"));
        ApiClient.Opened nextByPatient = patient.readAndDecrypt(next);
        assertThat(nextByPatient.plaintext()).isEqualTo(corrected);
        assertThat(nextByPatient.key()).isNotEqualTo(byPatient.key());
        doctor.http().get().uri("/api/v1/records/{id}/content", next.toHex()).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("ACCESS-0002");
        assertThat(registry.anchored(next).block().supersedes()).contains(first);
        assertThat(content.isPinned(Cid.parse((String) uploaded.get("cid"))).block()).isFalse();
        assertThat(content.isPinned(Cid.parse((String) second.get("cid"))).block()).isTrue();

        // The patient's audit: both versions, who holds keys, the consent history, every read.
        List<Map<String, Object>> records = patient.list("/api/v1/patients/" + patient.address() + "/records");
        assertThat(records).extracting(record -> record.get("recordId")).containsExactly(next.toHex(), first.toHex());
        assertThat(records.get(0).get("readers")).asList().containsExactlyInAnyOrder(
                patient.address().toString(), clinic.address().toString());
        assertThat(records.get(1).get("supersededBy")).isEqualTo(next.toHex());
        assertThat(patient.list("/api/v1/patients/" + patient.address() + "/consents"))
                .extracting(change -> change.get("kind") + " " + change.get("grantee") + " " + change.get("action"))
                .containsExactly(
                        "REVOKED " + doctor.address() + " READ",
                        "GRANTED " + clinic.address() + " READ",
                        "GRANTED " + doctor.address() + " READ",
                        "GRANTED " + clinic.address() + " WRITE");
        assertThat(patient.list("/api/v1/patients/" + patient.address() + "/reads"))
                .extracting(read -> read.get("reader") + " " + read.get("recordId") + " " + read.get("allowed")
                        + " " + read.get("deniedCode"))
                .containsExactly(
                        doctor.address() + " " + next.toHex() + " false ACCESS-0002",
                        patient.address() + " " + next.toHex() + " true null",
                        doctor.address() + " " + first.toHex() + " false ACCESS-0002",
                        clinic.address() + " " + first.toHex() + " true null",
                        clinic.address() + " " + first.toHex() + " false ACCESS-0002",
                        doctor.address() + " " + first.toHex() + " true null",
                        patient.address() + " " + first.toHex() + " true null",
                        doctor.address() + " " + first.toHex() + " false ACCESS-0002",
                        patient.address() + " " + first.toHex() + " true null");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = RecordJourneyIT.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
