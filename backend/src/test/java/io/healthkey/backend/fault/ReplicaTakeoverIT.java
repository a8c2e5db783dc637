package io.healthkey.backend.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.DefaultBlockParameterName;

import io.healthkey.backend.fault.FaultRequests.Accepted;
import io.healthkey.backend.support.BackendProcess;
import io.healthkey.backend.support.FaultStack;
import io.healthkey.backend.support.FaultStackExtension;
import io.healthkey.backend.support.Loopback;
import io.healthkey.backend.support.PostgresServer;

/**
 * Two backend processes on one PostgreSQL database and one relayer key: both accept requests, the lease holder
 * alone sends them. With the chain's mining paused, a burst is accepted by both and the holder signs and broadcasts
 * it; once they wait unmined in the node's pool, the node drops them (as a node that lost its pool) and the holder
 * is killed with SIGKILL, so that only a re-broadcast gets them mined. The other takes the lease once it expires
 * (2 s here) and re-broadcasts what the dead one left pending: the node's pending nonce climbs back past every
 * nonce the dead one took. Mining resumes: every request answered 202 is CONFIRMED, took
 * effect once on chain and once in the database, and the relayer's nonces have no gap and no duplicate.
 */
@ExtendWith(FaultStackExtension.class)
class ReplicaTakeoverIT {

    private final String schema = "faults_" + UUID.randomUUID().toString().replace("-", "");

    @Test
    void theStandbyTakesOverTransactionsInFlightFromAKilledSenderAndSendsNothingTwice(FaultStack stack,
            @TempDir Path dataA, @TempDir Path dataB) throws SQLException {
        long firstNonce = stack.relayerNonce(DefaultBlockParameterName.PENDING);
        List<Accepted> accepted = new ArrayList<>();
        BackendProcess sender = BackendProcess.start("replica-a", replica(stack, dataA));
        try (BackendProcess standby = BackendProcess.start("replica-b", replica(stack, dataB))) {
            assertThat(leaseOwner()).as("lease owner").startsWith(sender.pid() + "@");
            stack.automine(false);
            try {
                List<Accepted> burst = List.of(FaultRequests.grant(standby), FaultRequests.grant(sender),
                        FaultRequests.upload(standby), FaultRequests.grant(standby), FaultRequests.upload(sender),
                        FaultRequests.grant(sender));
                accepted.addAll(burst);
                burst.forEach(request -> FaultRequests.awaitStatus(standby, request, "SENT"));
                long signed = firstNonce + takenNonces();
                assertThat(signed).as("nonces the holder took").isGreaterThan(firstNonce);
                awaitPendingNonce(stack, signed);
                assertThat(stack.relayerNonce(DefaultBlockParameterName.LATEST)).as("nothing mined yet")
                        .isEqualTo(firstNonce);

                // Emptied while the holder lives, so that the standby cannot take over before: with fee bumps
                // off, only the take-over's re-broadcast brings these transactions back.
                stack.dropPendingRelayerTransactions();
                assertThat(stack.relayerNonce(DefaultBlockParameterName.PENDING)).as("pending nonce, pool emptied")
                        .isEqualTo(firstNonce);
                assertThat(sender.kill()).as("exit on SIGKILL").isEqualTo(BackendProcess.SIGKILLED);
                accepted.add(FaultRequests.grant(standby));
                awaitLeaseOwner(standby);
                awaitPendingNonce(stack, signed);
            } finally {
                stack.automine(true);
                stack.mine();
            }
            FaultRequests.awaitAllConfirmed(standby, accepted);
        } finally {
            sender.close();
        }
        FaultRequests.assertEachTookEffectOnce(stack, accepted);
        try (Connection database = connect()) {
            FaultRequests.assertGapFree(stack, FaultStack.ledger(database), firstNonce);
            FaultRequests.assertEachStoredItsEffectOnce(database, accepted);
        }
    }

    /**
     * A replica on the shared schema that replaces no transaction with higher fees during the test: the only way
     * the dropped transactions come back into the pool is the take-over's re-broadcast.
     */
    private Map<String, String> replica(FaultStack stack, Path dataDir) {
        Map<String, String> properties = stack.backendOnPostgres(dataDir, schema);
        properties.put("healthkey.outbox.stuck-after", "10m");
        return properties;
    }

    /** How many nonces the outbox took for the relayer: each a transaction the sender signed. */
    private int takenNonces() throws SQLException {
        try (Connection database = connect()) {
            return FaultStack.ledger(database).size();
        }
    }

    /** Waits (bounded) until the node holds the relayer's transactions up to {@code nonce} (excluded). */
    private static void awaitPendingNonce(FaultStack stack, long nonce) {
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        while (stack.relayerNonce(DefaultBlockParameterName.PENDING) < nonce) {
            assertThat(Instant.now()).as("broadcast up to nonce %d within 30 s", nonce).isBefore(until);
            Loopback.sleep(Duration.ofMillis(100));
        }
    }

    /** Waits (bounded) until {@code replica} holds the lease: the dead holder's has expired. */
    private void awaitLeaseOwner(BackendProcess replica) throws SQLException {
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        while (!leaseOwner().startsWith(replica.pid() + "@")) {
            assertThat(Instant.now()).as("%s took the lease within 30 s", replica.pid()).isBefore(until);
            Loopback.sleep(Duration.ofMillis(100));
        }
    }

    private String leaseOwner() throws SQLException {
        try (Connection database = connect(); Statement query = database.createStatement();
                ResultSet lease = query.executeQuery("SELECT owner FROM relayer_lease")) {
            assertThat(lease.next()).as("a lease row").isTrue();
            return lease.getString(1);
        }
    }

    private Connection connect() throws SQLException {
        Connection connection = PostgresServer.shared().connect();
        try (Statement path = connection.createStatement()) {
            path.execute("SET search_path TO " + schema);
        }
        return connection;
    }
}
