package io.healthkey.backend.adapter.outbound.persistence;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.auth.SignInNoncePort;
import io.healthkey.backend.domain.auth.NonceConsumption;
import io.healthkey.backend.domain.auth.SignInNonce;

/**
 * {@link SignInNoncePort} on R2DBC, so every replica sharing the database sees the same nonces. Spending is one
 * conditional {@code UPDATE}: the database lets exactly one of two concurrent attempts change the row.
 */
@Component
class SignInNonceAdapter implements SignInNoncePort {

    /** Longer than any nonce this service issues; a longer one cannot be ours and is not looked up. */
    private static final int MAX_NONCE_LENGTH = 64;

    private final DatabaseClient database;

    SignInNonceAdapter(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Mono<Void> save(SignInNonce nonce) {
        Mono<Long> purge = database.sql("DELETE FROM siwe_nonce WHERE expires_at < :now")
                .bind("now", utc(nonce.issuedAt()))
                .fetch().rowsUpdated();
        Mono<Long> insert = database.sql("""
                        INSERT INTO siwe_nonce (nonce, issued_at, expires_at) VALUES (:nonce, :issued, :expires)""")
                .bind("nonce", nonce.value())
                .bind("issued", utc(nonce.issuedAt()))
                .bind("expires", utc(nonce.expiresAt()))
                .fetch().rowsUpdated();
        return purge.then(insert).then();
    }

    @Override
    public Mono<NonceConsumption> consume(String nonce, Instant now) {
        if (nonce.length() > MAX_NONCE_LENGTH) {
            return Mono.just(NonceConsumption.UNKNOWN);
        }
        return database.sql("""
                        UPDATE siwe_nonce SET consumed_at = :now
                        WHERE nonce = :nonce AND consumed_at IS NULL AND expires_at > :now""")
                .bind("nonce", nonce)
                .bind("now", utc(now))
                .fetch().rowsUpdated()
                .flatMap(updated -> updated == 1 ? Mono.just(NonceConsumption.CONSUMED) : whyNot(nonce));
    }

    private Mono<NonceConsumption> whyNot(String nonce) {
        return database.sql("SELECT consumed_at FROM siwe_nonce WHERE nonce = :nonce")
                .bind("nonce", nonce)
                .map(row -> row.get("consumed_at", LocalDateTime.class) != null ? NonceConsumption.ALREADY_USED
                        : NonceConsumption.EXPIRED)
                .one()
                .defaultIfEmpty(NonceConsumption.UNKNOWN);
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
