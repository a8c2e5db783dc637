package io.healthkey.backend.adapter.outbound.persistence;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.chainidentity.ChainFingerprintPort;
import io.healthkey.backend.domain.network.ChainFingerprint;

/** {@link ChainFingerprintPort} in the one row of {@code chain_identity}. */
@Component
class ChainFingerprintAdapter implements ChainFingerprintPort {

    private static final int THE_ROW = 1;

    private final DatabaseClient database;

    ChainFingerprintAdapter(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Mono<ChainFingerprint> recorded() {
        return database.sql("SELECT chain_id, block_number, block_hash FROM chain_identity WHERE id = :id")
                .bind("id", THE_ROW)
                .map(row -> new ChainFingerprint(row.get("chain_id", Long.class), row.get("block_number", Long.class),
                        row.get("block_hash", String.class)))
                .one();
    }

    /** Replicas starting together may race to insert: the primary key keeps the first, and all read it back. */
    @Override
    public Mono<ChainFingerprint> recordIfAbsent(ChainFingerprint fingerprint) {
        return recorded().switchIfEmpty(Mono.defer(() -> database.sql("""
                        INSERT INTO chain_identity (id, chain_id, block_number, block_hash)
                        VALUES (:id, :chain, :block, :hash)""")
                .bind("id", THE_ROW)
                .bind("chain", fingerprint.chainId())
                .bind("block", fingerprint.blockNumber())
                .bind("hash", fingerprint.blockHash())
                .then()
                .onErrorResume(DataIntegrityViolationException.class, lost -> Mono.empty())
                .then(recorded())));
    }
}
