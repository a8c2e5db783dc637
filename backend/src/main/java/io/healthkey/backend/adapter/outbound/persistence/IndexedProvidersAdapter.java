package io.healthkey.backend.adapter.outbound.persistence;

import static io.healthkey.backend.adapter.outbound.persistence.EventIndexAdapter.EVENT_COLUMNS;
import static io.healthkey.backend.adapter.outbound.persistence.EventIndexAdapter.PROVIDER_NAMES;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.directory.IndexedProvidersPort;
import io.healthkey.backend.domain.directory.ProviderStatus;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.protocol.EthAddress;

/**
 * {@link IndexedProvidersPort} on the event index's {@code chain_event} rows: the provider events by name (V22's
 * index), the keys by account.
 */
@Component
class IndexedProvidersAdapter implements IndexedProvidersPort {

    private final DatabaseClient database;

    IndexedProvidersAdapter(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Flux<ChainEvent.Provider> providerEvents() {
        return database.sql("SELECT " + EVENT_COLUMNS + " FROM chain_event WHERE name IN " + PROVIDER_NAMES
                        + " ORDER BY block_number, log_index")
                .map(IndexedProvidersAdapter::provider)
                .all();
    }

    @Override
    public Mono<Map<EthAddress, ChainEvent.KeyPublished>> latestKeys(Collection<EthAddress> accounts) {
        if (accounts.isEmpty()) {
            return Mono.just(Map.of());
        }
        return database.sql("SELECT " + EVENT_COLUMNS + " FROM chain_event WHERE account IN (:accounts)"
                        + " AND name = 'EncryptionKeyPublished' ORDER BY block_number, log_index")
                .bind("accounts", accounts.stream().map(EthAddress::toString).toList())
                .map(row -> new ChainEvent.KeyPublished(EventIndexAdapter.position(row),
                        EventIndexAdapter.contract(row), EthAddress.parse(row.get("account", String.class)),
                        row.get("detail", String.class)))
                .all()
                .collect(HashMap<EthAddress, ChainEvent.KeyPublished>::new,
                        (latest, published) -> latest.put(published.account(), published));
    }

    private static ChainEvent.Provider provider(Readable row) {
        String name = row.get("name", String.class);
        ProviderStatus status = "ProviderSuspended".equals(name) ? ProviderStatus.SUSPENDED : ProviderStatus.ACTIVE;
        return new ChainEvent.Provider(EventIndexAdapter.position(row), EventIndexAdapter.contract(row), name,
                EthAddress.parse(row.get("account", String.class)), status,
                Optional.ofNullable(row.get("reason", Integer.class)).orElse(0),
                "ProviderAccredited".equals(name) ? Optional.ofNullable(row.get("detail", String.class))
                        : Optional.empty());
    }
}
