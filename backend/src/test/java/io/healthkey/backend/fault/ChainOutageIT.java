package io.healthkey.backend.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.DefaultBlockParameterName;

import io.healthkey.backend.fault.FaultRequests.Accepted;
import io.healthkey.backend.support.ApiClient;
import io.healthkey.backend.support.BackendProcess;
import io.healthkey.backend.support.FaultStack;
import io.healthkey.backend.support.LocalStackExtension;
import io.healthkey.backend.support.Loopback;
import io.healthkey.backend.support.Patients;
import io.healthkey.backend.support.StatefulAnvil;
import io.healthkey.backend.support.Wallet;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.GrantMessage;

/**
 * The chain node stopped for 30 s under a running backend process, then started again from its saved state (anvil
 * {@code --state}; its pool is lost, as a real restart loses it). A grant sent before the stop, waiting in the pool,
 * is reported SENT, never CONFIRMED, during the outage; a grant posted meanwhile cannot be simulated and is refused
 * with 503 CHAIN-0001 (nothing stored); the health is DOWN. After the restart the first grant is sent again and
 * confirmed once, a new grant completes, and the relayer's nonces have no gap.
 */
@ExtendWith(LocalStackExtension.class)
class ChainOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @Test
    void aGrantSentBeforeTheOutageCompletesAfterItAndNewOnesAre503Meanwhile(@TempDir Path chainDir,
            @TempDir Path data) throws Exception {
        try (StatefulAnvil anvil = StatefulAnvil.start(chainDir);
                FaultStack chain = FaultStack.open(anvil.rpcUrl(), anvil.deploymentFile())) {
            long firstNonce = chain.relayerNonce(DefaultBlockParameterName.PENDING);
            List<Accepted> accepted = new ArrayList<>();
            try (BackendProcess backend = BackendProcess.start("chain-outage", chain.backend(data))) {
                chain.automine(false);
                Accepted pending = FaultRequests.grant(backend);
                accepted.add(pending);
                FaultRequests.awaitStatus(backend, pending, "SENT");
                ApiClient patient = backend.client(pending.patient());
                ApiClient latecomer = backend.client(Wallet.create());

                Instant stopped = Instant.now();
                anvil.stop();
                try {
                    latecomer.post("/api/v1/grants", latecomer.signedGrant(grantByNewPatient(latecomer), Map.of()))
                            .expectStatus().isEqualTo(503).expectBody().jsonPath("$.code").isEqualTo("CHAIN-0001");
                    assertThat(health(backend, "chain")).isEqualTo("DOWN");
                    Loopback.sleepUntil(stopped.plus(OUTAGE));
                    assertThat(FaultRequests.status(patient, pending)).as("status at the end of the outage")
                            .isEqualTo("SENT");
                } finally {
                    anvil.restart();
                }

                FaultRequests.awaitAllConfirmed(backend, accepted);
                accepted.add(FaultRequests.grant(backend));
                FaultRequests.awaitAllConfirmed(backend, accepted);
                assertThat(health(backend, "chain")).isEqualTo("UP");
                assertThat(chain.consentNonce(latecomer.address())).as("the refused grant").isZero();
            }
            FaultRequests.assertEachTookEffectOnce(chain, accepted);
            try (Connection database = FaultStack.database(data)) {
                FaultRequests.assertGapFree(chain, FaultStack.ledger(database), firstNonce);
            }
        }
    }

    /** A first grant (consent nonce 0), built without asking the API, which would need the chain for the nonce. */
    private static GrantMessage grantByNewPatient(ApiClient patient) {
        Instant now = Instant.now();
        return new GrantMessage(patient.address(), Patients.newAddress(), Scope.of(Category.OBSERVATION), Action.READ,
                Purpose.TREAT, now.plus(Duration.ofDays(30)), BigInteger.ZERO, now.plus(Duration.ofHours(1)));
    }

    private static String health(BackendProcess backend, String component) {
        Map<?, ?> health = backend.health();
        return (String) ((Map<?, ?>) ((Map<?, ?>) health.get("components")).get(component)).get("status");
    }
}
