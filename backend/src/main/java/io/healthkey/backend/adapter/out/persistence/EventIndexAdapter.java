package io.healthkey.backend.adapter.out.persistence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.adapter.out.persistence.SqlBatch.Null;
import io.healthkey.backend.application.port.out.EventIndexQueryPort;
import io.healthkey.backend.application.port.out.EventIndexStorePort;
import io.healthkey.backend.domain.directory.ProviderStatus;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.GrantState;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.backend.domain.index.ProviderState;
import io.healthkey.backend.domain.record.AnchoredRecord;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.content.Codec;

/**
 * The event index on R2DBC (tables of V5). Writes are batched statements in one transaction per call and block
 * the calling thread (the indexer's own); reads are reactive.
 */
@Component
class EventIndexAdapter implements EventIndexStorePort, EventIndexQueryPort {

    private static final Duration WRITE_TIMEOUT = Duration.ofMinutes(2);
    private static final String CONSENT_NAMES = "('AccessGranted', 'AccessRevoked')";
    private static final String PROVIDER_NAMES = "('ProviderAccredited', 'ProviderSuspended', 'ProviderReinstated')";
    private static final String EVENT_COLUMNS = "block_number, log_index, block_hash, tx_hash, contract, name, account,"
            + " counterpart, subject, action, purpose, expires_at, category, codec, content_digest, supersedes,"
            + " reason, detail, block_time";

    private final DatabaseClient database;
    private final ConnectionFactory connections;
    private final ProjectionMirror mirror = new ProjectionMirror();

    EventIndexAdapter(DatabaseClient database) {
        this.database = database;
        this.connections = database.getConnectionFactory();
    }

    /** Also loads the projections' in-memory copy, once: the indexer asks for the cursor when it starts. */
    @Override
    public Optional<IndexedBlock> cursor() {
        if (!mirror.isLoaded()) {
            loadMirror();
        }
        return database.sql("SELECT block_number, block_hash, parent_hash, block_time FROM index_cursor WHERE id = 1")
                .map(row -> block(row)).one().blockOptional(WRITE_TIMEOUT);
    }

    @Override
    public Optional<IndexedBlock> block(long number) {
        return database.sql("SELECT block_number, block_hash, parent_hash, block_time FROM indexed_block"
                        + " WHERE block_number = :n")
                .bind("n", number).map(row -> block(row)).one().blockOptional(WRITE_TIMEOUT);
    }

    @Override
    public void append(List<IndexedBlock> recentBlocks, List<ChainEvent> events, IndexedBlock cursor) {
        SqlBatch blocks = new SqlBatch("INSERT INTO indexed_block (block_number, block_hash, parent_hash, block_time)"
                + " VALUES ($1, $2, $3, $4)");
        recentBlocks.forEach(b -> blocks.add(b.number(), b.hash(), b.parentHash(), b.time()));
        SqlBatch rows = new SqlBatch("INSERT INTO chain_event (" + EVENT_COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6,"
                + " $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)");
        Map<GrantKey, ChainEvent.Consent> grants = new LinkedHashMap<>();
        Map<EthAddress, ChainEvent.Provider> providers = new LinkedHashMap<>();
        for (ChainEvent event : events) {
            rows.add(EventRows.values(event));
            if (event instanceof ChainEvent.Consent consent) {
                grants.put(consent.key(), consent);
            } else if (event instanceof ChainEvent.Provider provider) {
                providers.put(provider.provider(), provider);
            }
        }
        List<ChainEvent.Consent> latestGrants = new ArrayList<>(grants.values());
        List<ChainEvent.Provider> latestProviders = new ArrayList<>(providers.values());
        // rows exist only for keys the copy holds (or for all, if it is not loaded): only those need deleting
        List<GrantKey> staleGrants = grants.keySet().stream().filter(mirror::holdsGrant).toList();
        List<EthAddress> staleProviders = providers.keySet().stream().filter(mirror::holdsProvider).toList();
        inTransaction(c -> blocks.run(c)
                .then(rows.run(c))
                .then(deleteGrants(c, staleGrants))
                .then(insertGrants(c, latestGrants))
                .then(deleteProviders(c, staleProviders))
                .then(insertProviders(c, latestProviders))
                .then(setCursor(c, cursor)));
        mirror.apply(latestGrants, latestProviders);
    }

    @Override
    public void rollbackTo(IndexedBlock ancestor) {
        long above = ancestor.number();
        inTransaction(c -> Flux.from(c.createStatement("SELECT DISTINCT account, counterpart, subject, action"
                                + " FROM chain_event WHERE block_number > $1 AND name IN " + CONSENT_NAMES)
                        .bind(0, above).execute())
                .flatMap(result -> result.map(row -> new GrantKey(EthAddress.parse(row.get(0, String.class)),
                        EthAddress.parse(row.get(1, String.class)), Bytes32.parse(row.get(2, String.class)),
                        row.get(3, Integer.class))))
                .collectList()
                .zipWith(Flux.from(c.createStatement("SELECT DISTINCT account FROM chain_event"
                                        + " WHERE block_number > $1 AND name IN " + PROVIDER_NAMES)
                                .bind(0, above).execute())
                        .flatMap(result -> result.map(row -> EthAddress.parse(row.get(0, String.class))))
                        .collectList())
                .flatMap(keys -> new SqlBatch("DELETE FROM chain_event WHERE block_number > $1").add(above).run(c)
                        .then(new SqlBatch("DELETE FROM indexed_block WHERE block_number > $1").add(above).run(c))
                        .then(Flux.fromIterable(keys.getT1()).concatMap(key -> latestConsent(c, key)).collectList()
                                .flatMap(latest -> deleteGrants(c, keys.getT1()).then(insertGrants(c, latest))))
                        .then(Flux.fromIterable(keys.getT2()).concatMap(p -> latestProvider(c, p)).collectList()
                                .flatMap(latest -> deleteProviders(c, keys.getT2())
                                        .then(insertProviders(c, latest)))))
                .then(setCursor(c, ancestor)));
        loadMirror(); // rollbacks are rare: the copy is rebuilt from the tables
    }

    @Override
    public void pruneBlocksBelow(long number) {
        inTransaction(c -> new SqlBatch("DELETE FROM indexed_block WHERE block_number < $1").add(number).run(c));
    }

    @Override
    public Mono<List<GrantState>> grants(EthAddress patient, EthAddress grantee, int action, List<Bytes32> scopes) {
        if (mirror.isLoaded()) {
            return Mono.just(mirror.grants(patient, grantee, action, scopes));
        }
        return database.sql("SELECT scope, expires_at, revoked, block_number FROM grant_projection"
                        + " WHERE patient = :p AND grantee = :g AND action = :a AND scope IN (:scopes)")
                .bind("p", patient.toString()).bind("g", grantee.toString()).bind("a", action)
                .bind("scopes", scopes.stream().map(Bytes32::toString).toList())
                .map(row -> new GrantState(Bytes32.parse(row.get("scope", String.class)),
                        Optional.ofNullable(row.get("expires_at", Long.class)).orElse(0L),
                        Boolean.TRUE.equals(row.get("revoked", Boolean.class)), row.get("block_number", Long.class)))
                .all().collectList();
    }

    @Override
    public Mono<Optional<ProviderState>> provider(EthAddress provider) {
        if (mirror.isLoaded()) {
            return Mono.just(mirror.provider(provider));
        }
        return database.sql("SELECT status, block_number FROM provider_projection WHERE provider = :p")
                .bind("p", provider.toString())
                .map(row -> new ProviderState(ProviderStatus.valueOf(row.get("status", String.class)),
                        row.get("block_number", Long.class)))
                .one().map(Optional::of).defaultIfEmpty(Optional.empty());
    }

    @Override
    public Mono<AnchoredRecord> anchored(RecordId id) {
        return database.sql("SELECT counterpart, codec, content_digest, supersedes, tx_hash, block_number"
                        + " FROM chain_event WHERE subject = :id AND name = 'RecordAnchored'")
                .bind("id", id.toBytes32().toString())
                .map(row -> {
                    String supersedes = row.get("supersedes", String.class);
                    return new AnchoredRecord(id, EthAddress.parse(row.get("counterpart", String.class)),
                            Cid.of(Codec.fromCode(row.get("codec", Long.class)),
                                    Bytes32.parse(row.get("content_digest", String.class))),
                            Optional.ofNullable(supersedes).map(s -> RecordId.fromBytes32(Bytes32.parse(s))),
                            row.get("tx_hash", String.class), row.get("block_number", Long.class));
                })
                .all().collectList()
                .flatMap(found -> {
                    if (found.size() > 1) {
                        return Mono.error(new IllegalStateException(found.size() + " RecordAnchored events indexed"
                                + " for record " + id + ": ids are unique on chain"));
                    }
                    return Mono.justOrEmpty(found.stream().findFirst());
                });
    }

    @Override
    public Flux<ChainEvent.Consent> consentEvents(EthAddress patient) {
        return database.sql("SELECT " + EVENT_COLUMNS + " FROM chain_event WHERE account = :p AND name IN "
                        + CONSENT_NAMES + " ORDER BY block_number DESC, log_index DESC")
                .bind("p", patient.toString())
                .map(row -> consent(row))
                .all();
    }

    private Mono<ChainEvent.Consent> latestConsent(Connection c, GrantKey key) {
        return Flux.from(c.createStatement("SELECT " + EVENT_COLUMNS + " FROM chain_event WHERE account = $1"
                                + " AND counterpart = $2 AND subject = $3 AND action = $4 AND name IN " + CONSENT_NAMES
                                + " ORDER BY block_number DESC, log_index DESC LIMIT 1")
                        .bind(0, key.patient().toString()).bind(1, key.grantee().toString())
                        .bind(2, key.scope().toString()).bind(3, key.action()).execute())
                .flatMap(result -> result.map(EventIndexAdapter::consent))
                .next();
    }

    private Mono<ChainEvent.Provider> latestProvider(Connection c, EthAddress provider) {
        return Flux.from(c.createStatement("SELECT " + EVENT_COLUMNS + " FROM chain_event WHERE account = $1"
                                + " AND name IN " + PROVIDER_NAMES + " ORDER BY block_number DESC, log_index DESC"
                                + " LIMIT 1")
                        .bind(0, provider.toString()).execute())
                .flatMap(result -> result.map(row -> new ChainEvent.Provider(position(row), contract(row),
                        row.get("name", String.class), provider,
                        "ProviderSuspended".equals(row.get("name", String.class)) ? ProviderStatus.SUSPENDED
                                : ProviderStatus.ACTIVE,
                        Optional.ofNullable(row.get("reason", Integer.class)).orElse(0),
                        Optional.ofNullable(row.get("detail", String.class)))))
                .next();
    }

    private static Mono<Long> deleteGrants(Connection c, List<GrantKey> keys) {
        SqlBatch delete = new SqlBatch("DELETE FROM grant_projection WHERE patient = $1 AND grantee = $2"
                + " AND action = $3 AND scope = $4");
        keys.forEach(k -> delete.add(k.patient().toString(), k.grantee().toString(), k.action(), k.scope().toString()));
        return delete.run(c);
    }

    private static Mono<Long> insertGrants(Connection c, List<ChainEvent.Consent> latest) {
        SqlBatch insert = new SqlBatch("INSERT INTO grant_projection (patient, grantee, scope, action, purpose,"
                + " expires_at, revoked, block_number, log_index, tx_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
                + " $10)");
        for (ChainEvent.Consent e : latest) {
            GrantKey k = e.key();
            insert.add(k.patient().toString(), k.grantee().toString(), k.scope().toString(), k.action(),
                    e.revoked() ? new Null(Integer.class) : (Object) e.purpose(),
                    e.revoked() ? new Null(Long.class) : (Object) e.expiresAt(), e.revoked(), e.at().blockNumber(),
                    e.at().logIndex(), e.at().transactionHash());
        }
        return insert.run(c);
    }

    private static Mono<Long> deleteProviders(Connection c, List<EthAddress> providers) {
        SqlBatch delete = new SqlBatch("DELETE FROM provider_projection WHERE provider = $1");
        providers.forEach(p -> delete.add(p.toString()));
        return delete.run(c);
    }

    private static Mono<Long> insertProviders(Connection c, List<ChainEvent.Provider> latest) {
        SqlBatch insert = new SqlBatch("INSERT INTO provider_projection (provider, status, block_number, log_index)"
                + " VALUES ($1, $2, $3, $4)");
        latest.forEach(e -> insert.add(e.provider().toString(), e.status().name(), e.at().blockNumber(),
                e.at().logIndex()));
        return insert.run(c);
    }

    private static Mono<Long> setCursor(Connection c, IndexedBlock cursor) {
        return new SqlBatch("DELETE FROM index_cursor WHERE id = $1").add(1).run(c)
                .then(new SqlBatch("INSERT INTO index_cursor (id, block_number, block_hash, parent_hash, block_time)"
                        + " VALUES ($1, $2, $3, $4, $5)")
                        .add(1, cursor.number(), cursor.hash(), cursor.parentHash(), cursor.time()).run(c));
    }

    /** Reads both projection tables into the in-memory copy; on failure, reads keep going to the tables. */
    private void loadMirror() {
        mirror.unload();
        Map<GrantKey, GrantState> grants = new java.util.HashMap<>();
        database.sql("SELECT patient, grantee, scope, action, expires_at, revoked, block_number FROM grant_projection")
                .map(row -> {
                    Bytes32 scope = Bytes32.parse(row.get("scope", String.class));
                    return Map.entry(new GrantKey(EthAddress.parse(row.get("patient", String.class)),
                                    EthAddress.parse(row.get("grantee", String.class)), scope,
                                    row.get("action", Integer.class)),
                            new GrantState(scope, Optional.ofNullable(row.get("expires_at", Long.class)).orElse(0L),
                                    Boolean.TRUE.equals(row.get("revoked", Boolean.class)),
                                    row.get("block_number", Long.class)));
                })
                .all().doOnNext(e -> grants.put(e.getKey(), e.getValue())).then().block(WRITE_TIMEOUT);
        Map<EthAddress, ProviderState> providers = new java.util.HashMap<>();
        database.sql("SELECT provider, status, block_number FROM provider_projection")
                .map(row -> Map.entry(EthAddress.parse(row.get("provider", String.class)),
                        new ProviderState(ProviderStatus.valueOf(row.get("status", String.class)),
                                row.get("block_number", Long.class))))
                .all().doOnNext(e -> providers.put(e.getKey(), e.getValue())).then().block(WRITE_TIMEOUT);
        mirror.load(grants, providers);
    }

    private void inTransaction(Function<Connection, Mono<?>> work) {
        Mono.usingWhen(Mono.from(connections.create()),
                        c -> Mono.from(c.beginTransaction()).then(work.apply(c)).then(Mono.from(c.commitTransaction())),
                        c -> Mono.from(c.close()),
                        (c, failure) -> Mono.from(c.rollbackTransaction()).then(Mono.from(c.close())),
                        c -> Mono.from(c.rollbackTransaction()).then(Mono.from(c.close())))
                .block(WRITE_TIMEOUT);
    }

    private static IndexedBlock block(Readable row) {
        return new IndexedBlock(row.get("block_number", Long.class), row.get("block_hash", String.class),
                row.get("parent_hash", String.class), row.get("block_time", Long.class));
    }

    private static ChainEvent.Consent consent(Readable row) {
        var key = new GrantKey(EthAddress.parse(row.get("account", String.class)),
                EthAddress.parse(row.get("counterpart", String.class)), Bytes32.parse(row.get("subject", String.class)),
                row.get("action", Integer.class));
        boolean revoked = "AccessRevoked".equals(row.get("name", String.class));
        return new ChainEvent.Consent(position(row), contract(row), key,
                Optional.ofNullable(row.get("purpose", Integer.class)).orElse(0),
                Optional.ofNullable(row.get("expires_at", Long.class)).orElse(0L), revoked);
    }

    private static LogPosition position(Readable row) {
        return new LogPosition(row.get("block_number", Long.class), row.get("log_index", Integer.class),
                row.get("block_hash", String.class), row.get("tx_hash", String.class),
                row.get("block_time", Long.class));
    }

    private static EthAddress contract(Readable row) {
        return EthAddress.parse(row.get("contract", String.class));
    }
}
