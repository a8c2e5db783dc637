package io.healthkey.backend.adapter.outbound.persistence;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import io.healthkey.backend.application.directory.KeyPublicationsPort;
import io.healthkey.backend.domain.directory.PublishedKey;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/** {@link KeyPublicationsPort} over the event index's {@code EncryptionKeyPublished} rows. */
@Component
class KeyPublicationAdapter implements KeyPublicationsPort {

    private final DatabaseClient database;

    KeyPublicationAdapter(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Mono<PublishedKey.Publication> newestOf(EthAddress account, EncryptionPublicKey key) {
        return database.sql("""
                        SELECT block_number, block_hash, tx_hash, log_index, detail FROM chain_event
                        WHERE account = :account AND name = 'EncryptionKeyPublished'
                        ORDER BY block_number DESC, log_index DESC""")
                .bind("account", account.toString())
                .map(row -> new Row(row.get("detail", String.class), new PublishedKey.Publication(
                        row.get("block_number", Long.class), row.get("block_hash", String.class),
                        row.get("tx_hash", String.class), row.get("log_index", Integer.class))))
                .all()
                .filter(row -> publishes(row.publicKey(), key))
                .next()
                .map(Row::publication);
    }

    private static boolean publishes(String storedHex, EncryptionPublicKey key) {
        return storedHex != null && storedHex.equalsIgnoreCase(key.toHex());
    }

    private record Row(String publicKey, PublishedKey.Publication publication) {
    }
}
