package io.healthkey.backend.adapter.outbound.persistence;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.account.RefusedAccountsPort;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;

/** {@link RefusedAccountsPort} on R2DBC: table {@code refused_account} (V14), one row per refused account. */
@Component
class RefusedAccountAdapter implements RefusedAccountsPort {

    private final DatabaseClient database;
    private final Clock clock;

    RefusedAccountAdapter(DatabaseClient database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public Mono<Void> refuse(EthAddress account, String state, ErrorCode failure) {
        return release(account).then(database.sql("""
                        INSERT INTO refused_account (account, state, failure_code, refused_at)
                        VALUES (:account, :state, :failure, :now)""")
                .bind("account", account.toLowerHex())
                .bind("state", state)
                .bind("failure", failure.code())
                .bind("now", LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .fetch().rowsUpdated()).then();
    }

    @Override
    public Mono<Optional<String>> refusedState(EthAddress account) {
        return database.sql("SELECT state FROM refused_account WHERE account = :account")
                .bind("account", account.toLowerHex())
                .map(row -> row.get("state", String.class))
                .one()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }

    @Override
    public Mono<Void> release(EthAddress account) {
        return database.sql("DELETE FROM refused_account WHERE account = :account")
                .bind("account", account.toLowerHex())
                .fetch().rowsUpdated().then();
    }
}
