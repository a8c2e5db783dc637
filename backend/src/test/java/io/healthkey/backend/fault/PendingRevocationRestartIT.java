package io.healthkey.backend.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.healthkey.backend.support.AnvilChain;
import io.healthkey.backend.support.ApiClient;
import io.healthkey.backend.support.ApiClient.UploadedRecord;
import io.healthkey.backend.support.BackendProcess;
import io.healthkey.backend.support.FaultStack;
import io.healthkey.backend.support.LocalStackExtension;
import io.healthkey.backend.support.Loopback;
import io.healthkey.backend.support.Wallet;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.Scope;

/**
 * A revocation accepted by a backend process and not yet mined (anvil's mining paused, the transaction waiting in
 * its pool) denies the grantee's reads before and right after the process is killed with SIGKILL and started again
 * on the same database, while the chain and the index, which hold the grant only, would still allow them: the
 * pending revocation is read from the outbox's requests, not from the memory of the process that accepted it.
 * The restarted process denies that grantee alone: the patient and a colleague whose grant stands read and decrypt
 * the record before and after the index catches up.
 */
@ExtendWith(LocalStackExtension.class)
class PendingRevocationRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void anAcceptedRevocationStillDeniesAfterARestartBeforeItIsMined(@TempDir Path data) {
        try (AnvilChain anvil = AnvilChain.start(3);
                FaultStack chain = FaultStack.open(anvil.rpcUrl(), anvil.deploymentFile())) {
            Wallet patientWallet = Wallet.create();
            Wallet doctorWallet = Wallet.create();
            Wallet colleagueWallet = Wallet.create();
            UploadedRecord record;
            String revocation;
            try (BackendProcess backend = BackendProcess.start("revocation-accepted", chain.backend(data))) {
                ApiClient patient = backend.client(patientWallet);
                record = patient.uploadOwnRecord(Category.OBSERVATION.code(),
                        "{\"resourceType\":\"Observation\"}".getBytes(StandardCharsets.UTF_8));
                patient.grant(doctorWallet.address(), Scope.of(Category.OBSERVATION), Action.READ,
                        Map.of(record.id(), patient.rewrapFor(record.id(), doctorWallet.encryptionKey())));
                patient.grant(colleagueWallet.address(), Scope.of(Category.OBSERVATION), Action.READ,
                        Map.of(record.id(), patient.rewrapFor(record.id(), colleagueWallet.encryptionKey())));
                ApiClient doctor = backend.client(doctorWallet);
                assertReads(doctor, record);

                chain.automine(false);
                revocation = patient.postRevocation(doctorWallet.address(), Scope.of(Category.OBSERVATION),
                        Action.READ);
                assertDenied(doctor, record);
                awaitStatus(patient, revocation, "SENT");
                assertDenied(doctor, record);
                backend.kill();
            }

            try (BackendProcess restarted = BackendProcess.start("revocation-restarted", chain.backend(data))) {
                ApiClient doctor = restarted.client(doctorWallet);
                ApiClient patient = restarted.client(patientWallet);
                ApiClient colleague = restarted.client(colleagueWallet);
                assertDenied(doctor, record);
                assertReads(patient, record);
                assertReads(colleague, record);
                assertThat(chain.hasAccess(patientWallet.address(), doctorWallet.address(), record.id(), Action.READ))
                        .as("the chain, with the revocation still unmined").isTrue();
                // Checks answer from the index once it holds the head.
                restarted.awaitIndexedBlock(Long.decode(anvil.call("eth_blockNumber").asText()), WAIT);
                assertDenied(doctor, record);
                assertReads(patient, record);
                assertReads(colleague, record);
                assertThat(status(patient, revocation)).as("still waiting in the pool").isEqualTo("SENT");

                chain.automine(true);
                chain.mine();
                patient.awaitConfirmed(revocation);
                assertThat(chain.hasAccess(patientWallet.address(), doctorWallet.address(), record.id(), Action.READ))
                        .isFalse();
                assertDenied(doctor, record);
                assertReads(colleague, record);
            }
        }
    }

    private static void assertReads(ApiClient reader, UploadedRecord record) {
        assertThat(reader.readAndDecrypt(record.id()).key()).as("record key %s opens", reader.address())
                .isEqualTo(record.key());
    }

    private static void assertDenied(ApiClient reader, UploadedRecord record) {
        reader.http().get().uri("/api/v1/records/{id}/content", record.id().toHex()).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("ACCESS-0002");
    }

    private static String status(ApiClient client, String statusUrl) {
        return (String) client.http().get().uri(statusUrl).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("status");
    }

    private static void awaitStatus(ApiClient client, String statusUrl, String expected) {
        Instant until = Instant.now().plus(WAIT);
        while (!expected.equals(status(client, statusUrl))) {
            assertThat(Instant.now()).as("%s %s", statusUrl, expected).isBefore(until);
            Loopback.sleep(Duration.ofMillis(100));
        }
    }
}
