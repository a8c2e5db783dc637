package io.healthkey.backend.adapter.outbound.persistence;

import java.time.Duration;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import io.healthkey.backend.application.identity.IdentityHistoryPort;
import io.healthkey.backend.application.index.IndexedAccountsPort;
import io.healthkey.backend.domain.account.IdentityRecoveryStep.Kind;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.protocol.EthAddress;

/**
 * The smart-account events of the event index ({@code chain_event}, written by {@link EventIndexAdapter} through
 * {@link EventRows}): the accounts the allow-listed factories created, and each account's recovery steps.
 */
@Component
class AccountEventAdapter implements IndexedAccountsPort, IdentityHistoryPort {

    private static final Duration STORE_TIMEOUT = Duration.ofMinutes(2);
    private static final String STEP_NAMES = "('GuardiansChanged', 'RecoveryDelayChanged', 'RecoveryApproved',"
            + " 'RecoveryScheduled', 'RecoveryExecuted', 'RecoveryCancelled')";

    private final DatabaseClient database;

    AccountEventAdapter(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Flux<EthAddress> createdAccounts() {
        return database.sql("SELECT DISTINCT account FROM chain_event WHERE name = 'AccountCreated'")
                .map(row -> EthAddress.parse(row.get("account", String.class)))
                .all().timeout(STORE_TIMEOUT);
    }

    @Override
    public Flux<ChainEvent.AccountRecovery> stepsOf(EthAddress account, int limit) {
        return database.sql("SELECT block_number, log_index, block_hash, tx_hash, block_time, name, counterpart,"
                        + " action, reason, expires_at, detail FROM chain_event WHERE account = :a AND contract = :a"
                        + " AND name IN " + STEP_NAMES + " ORDER BY block_number DESC, log_index DESC LIMIT :limit")
                .bind("a", account.toString()).bind("limit", limit)
                .map(row -> new ChainEvent.AccountRecovery(EventIndexAdapter.position(row), account, AccountRecoveryRows.step(row)))
                .all();
    }

    @Override
    public Flux<EthAddress> rotatedSince(long blockTime) {
        return database.sql("SELECT DISTINCT account FROM chain_event WHERE name = :name AND block_time >= :since")
                .bind("name", Kind.EXECUTED.eventName()).bind("since", blockTime)
                .map(row -> EthAddress.parse(row.get("account", String.class)))
                .all().timeout(STORE_TIMEOUT);
    }
}
