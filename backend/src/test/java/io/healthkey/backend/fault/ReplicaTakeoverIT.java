package io.healthkey.backend.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.DefaultBlockParameterName;

import io.healthkey.backend.fault.FaultRequests.Accepted;
import io.healthkey.backend.support.BackendProcess;
import io.healthkey.backend.support.FaultStack;
import io.healthkey.backend.support.LocalStackExtension;
import io.healthkey.backend.support.PostgresServer;

/**
 * Two backend processes on one PostgreSQL database and one relayer key: both accept requests, the lease holder
 * alone sends them. The holder is killed with SIGKILL right after accepting more; the other takes the lease once it
 * expires (2 s here), re-broadcasts what the dead one left pending and sends the rest: every request answered 202
 * is CONFIRMED, took effect once, and the relayer's nonces have no gap.
 */
@ExtendWith(LocalStackExtension.class)
class ReplicaTakeoverIT {

    private static FaultStack stack;

    private final String schema = "faults_" + UUID.randomUUID().toString().replace("-", "");

    @BeforeAll
    static void openStack() {
        stack = FaultStack.open();
    }

    @AfterAll
    static void closeStack() {
        stack.close();
    }

    @Test
    void theStandbyTakesOverFromAKilledSenderAndSendsNothingTwice(@TempDir Path dataA, @TempDir Path dataB)
            throws SQLException {
        long firstNonce = stack.relayerNonce(DefaultBlockParameterName.PENDING);
        List<Accepted> accepted = new ArrayList<>();
        BackendProcess sender = BackendProcess.start("replica-a", stack.backendOnPostgres(dataA, schema));
        try (BackendProcess standby = BackendProcess.start("replica-b", stack.backendOnPostgres(dataB, schema))) {
            assertThat(leaseOwner()).as("lease owner").startsWith(sender.pid() + "@");
            accepted.add(FaultRequests.grant(standby));
            accepted.add(FaultRequests.upload(standby));
            accepted.add(FaultRequests.grant(sender));
            accepted.add(FaultRequests.upload(sender));

            sender.kill();
            accepted.add(FaultRequests.grant(standby));
            FaultRequests.awaitAllConfirmed(standby, accepted);
            assertThat(leaseOwner()).as("lease owner after the kill").startsWith(standby.pid() + "@");
        } finally {
            sender.close();
        }
        FaultRequests.assertEachTookEffectOnce(stack, accepted);
        try (Connection database = connect()) {
            FaultRequests.assertGapFree(stack, FaultStack.ledger(database), firstNonce);
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
