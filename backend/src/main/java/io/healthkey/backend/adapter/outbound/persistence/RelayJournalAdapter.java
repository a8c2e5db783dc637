package io.healthkey.backend.adapter.outbound.persistence;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.consent.RelayJournalPort;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.RelayedTransaction;
import io.healthkey.protocol.EthAddress;

/** {@link RelayJournalPort} on R2DBC; timestamps are stored as UTC. */
@Component
class RelayJournalAdapter implements RelayJournalPort {

    private final DatabaseClient database;

    RelayJournalAdapter(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Mono<Void> append(RelayedTransaction relayed) {
        return database.sql("""
                        INSERT INTO relayed_transaction (kind, account, transaction_hash, block_number, gas_used, relayed_at)
                        VALUES (:kind, :account, :hash, :block, :gas, :at)""")
                .bind("kind", relayed.kind().name())
                .bind("account", relayed.account().toString())
                .bind("hash", relayed.transaction().transactionHash())
                .bind("block", relayed.transaction().blockNumber())
                .bind("gas", relayed.transaction().gasUsed())
                .bind("at", LocalDateTime.ofInstant(relayed.relayedAt(), ZoneOffset.UTC))
                .then();
    }

    @Override
    public Flux<RelayedTransaction> forAccount(EthAddress account) {
        return database.sql("""
                        SELECT kind, account, transaction_hash, block_number, gas_used, relayed_at
                        FROM relayed_transaction WHERE account = :account ORDER BY relayed_at DESC, id DESC""")
                .bind("account", account.toString())
                .map(row -> new RelayedTransaction(
                        RelayKind.valueOf(row.get("kind", String.class)),
                        EthAddress.parse(row.get("account", String.class)),
                        new MinedTransaction(row.get("transaction_hash", String.class),
                                row.get("block_number", Long.class), row.get("gas_used", Long.class)),
                        row.get("relayed_at", LocalDateTime.class).toInstant(ZoneOffset.UTC)))
                .all();
    }
}
