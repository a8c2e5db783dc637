package io.healthkey.backend.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.web3j.protocol.core.DefaultBlockParameterName;

import io.healthkey.backend.fault.FaultRequests.Accepted;
import io.healthkey.backend.fault.FaultRequests.Attempt;
import io.healthkey.backend.support.ApiClient;
import io.healthkey.backend.support.BackendProcess;
import io.healthkey.backend.support.FaultStack;
import io.healthkey.backend.support.FaultStackExtension;
import io.healthkey.backend.support.LocalStack;
import io.healthkey.backend.support.Loopback;
import io.healthkey.protocol.RecordId;

/**
 * Kubo stopped for 30 s under a running backend process, then started again on the same repository: meanwhile
 * uploads and reads answer 503 CONTENT-0001 and the health is DOWN, while a grant (no IPFS needed) is accepted and
 * confirmed; afterwards the record uploaded before reads again, a new upload completes, and the health is UP. The
 * upload refused during the outage anchored nothing (no RecordAnchored event, its patient's serial still 0), and
 * the relayer's nonces have no gap.
 */
@ExtendWith(FaultStackExtension.class)
class IpfsOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration HEALTH_WITHIN = Duration.ofSeconds(30);

    @Test
    void uploadsAndReadsAnswer503WhileKuboIsDownAndWorkAgainOnceItIsBack(FaultStack stack, @TempDir Path data)
            throws SQLException {
        long firstNonce = stack.relayerNonce(DefaultBlockParameterName.PENDING);
        RecordId refused;
        try (BackendProcess backend = BackendProcess.start("ipfs-outage", stack.backend(data))) {
            Accepted before = FaultRequests.upload(backend);
            ApiClient patient = backend.client(before.patient());
            patient.awaitConfirmed(before.statusUrl());
            String content = "/api/v1/records/" + before.record().orElseThrow().toHex() + "/content";
            byte[] stored = patient.http().get().uri(content).exchange().expectStatus().isOk()
                    .expectBody(byte[].class).returnResult().getResponseBody();

            Instant stopped = Instant.now();
            LocalStack.shared().stopIpfs();
            Accepted during;
            try {
                Attempt upload = FaultRequests.tryUpload(backend);
                refused = upload.record();
                upload.response().expectStatus().isEqualTo(503)
                        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectBody().jsonPath("$.code").isEqualTo("CONTENT-0001");
                patient.http().get().uri(content).exchange().expectStatus().isEqualTo(503)
                        .expectBody().jsonPath("$.code").isEqualTo("CONTENT-0001");
                awaitIpfsHealth(backend, "DOWN");
                during = FaultRequests.grant(backend);
                FaultRequests.awaitAllConfirmed(backend, List.of(during));
                Loopback.sleepUntil(stopped.plus(OUTAGE));
            } finally {
                LocalStack.shared().restartIpfs();
            }

            awaitIpfsHealth(backend, "UP");
            assertThat(patient.http().get().uri(content).exchange().expectStatus().isOk()
                    .expectBody(byte[].class).returnResult().getResponseBody()).isEqualTo(stored);
            Accepted after = FaultRequests.upload(backend);
            FaultRequests.awaitAllConfirmed(backend, List.of(after));
            FaultRequests.assertEachTookEffectOnce(stack, List.of(before, during, after));
        }
        assertThat(stack.anchoredEvents(refused)).as("RecordAnchored events of the refused upload").isZero();
        assertThat(stack.anchoredEventsOf(refused.patient())).as("anchors of the refused upload's patient").isZero();
        try (Connection database = FaultStack.database(data)) {
            FaultRequests.assertGapFree(stack, FaultStack.ledger(database), firstNonce);
        }
    }

    /** Polls {@code /actuator/health} (bounded) until the IPFS component reports {@code status}. */
    private static void awaitIpfsHealth(BackendProcess backend, String status) {
        Instant until = Instant.now().plus(HEALTH_WITHIN);
        Map<?, ?> health = Map.of();
        while (Instant.now().isBefore(until)) {
            health = backend.health();
            Map<?, ?> ipfs = (Map<?, ?>) ((Map<?, ?>) health.get("components")).get("ipfs");
            if (status.equals(ipfs.get("status"))) {
                if ("DOWN".equals(status)) {
                    assertThat(health.get("status")).as("overall health").isEqualTo("DOWN");
                }
                return;
            }
            Loopback.sleepUntil(Instant.now().plusMillis(250));
        }
        throw new AssertionError("IPFS health not " + status + " within " + HEALTH_WITHIN + ": " + health);
    }
}
