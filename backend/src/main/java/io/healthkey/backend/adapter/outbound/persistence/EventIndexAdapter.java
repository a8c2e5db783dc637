package io.healthkey.backend.adapter.outbound.persistence;

import java.time.Duration;
import java.util.HashMap;
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

import io.healthkey.backend.application.index.EventIndexQueryPort;
import io.healthkey.backend.application.index.EventIndexStorePort;
import io.healthkey.backend.application.index.EventIndexStorePort.ProviderChange;
import io.healthkey.backend.application.index.EventIndexStorePort.RemainingStates;
import io.healthkey.backend.application.index.EventIndexStorePort.SlotState;
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
 * The event index on R2DBC (tables of V5 and V9; the projection tables are gone since V10): stores and loads rows,
 * nothing more. Writes are multi-row inserts and batched statements, one transaction per call; every call is
 * reactive. The in-memory projections are the application's ({@code IndexProjections}): this adapter loads the
 * histories they are folded from, and after a rollback the remaining states of the keys it touched.
 */
@Component
class EventIndexAdapter implements EventIndexStorePort, EventIndexQueryPort {

    /** A store call (a history: between two rows) taking longer fails: the poll fails, the next one starts over. */
    private static final Duration STORE_TIMEOUT = Duration.ofMinutes(2);
    static final String CONSENT_NAMES = "('AccessGranted', 'AccessRevoked')";
    static final String PROVIDER_NAMES = "('ProviderAccredited', 'ProviderSuspended', 'ProviderReinstated')";
    static final String EVENT_COLUMNS = "block_number, log_index, block_hash, tx_hash, contract, name, account,"
            + " counterpart, subject, action, purpose, expires_at, category, codec, content_digest, supersedes,"
            + " reason, detail, block_time";
    private static final String BLOCK_COLUMNS = "block_number, block_hash, parent_hash, block_time";

    private static final String ANCHOR_COLUMNS =
            "subject, counterpart, codec, content_digest, supersedes, tx_hash, block_number";

    private final DatabaseClient database;
    private final ConnectionFactory connections;

    EventIndexAdapter(DatabaseClient database) {
        this.database = database;
        this.connections = database.getConnectionFactory();
    }

    @Override
    public Mono<IndexedBlock> cursor() {
        return database.sql("SELECT " + BLOCK_COLUMNS + " FROM index_cursor WHERE id = 1")
                .map(row -> block(row)).one().timeout(STORE_TIMEOUT);
    }

    @Override
    public Mono<IndexedBlock> recentBlock(long number) {
        return database.sql("SELECT " + BLOCK_COLUMNS + " FROM indexed_block WHERE block_number = :n")
                .bind("n", number).map(row -> block(row)).one().timeout(STORE_TIMEOUT);
    }

    @Override
    public Mono<Void> append(List<IndexedBlock> recentBlocks, List<ChainEvent> events, IndexedBlock cursor) {
        var blocks = new MultiRowInsert("indexed_block", BLOCK_COLUMNS, 4);
        recentBlocks.forEach(b -> blocks.add(b.number(), b.hash(), b.parentHash(), b.time()));
        var rows = new MultiRowInsert("chain_event", EVENT_COLUMNS, EventRows.COLUMNS);
        events.forEach(event -> rows.add(EventRows.values(event)));
        return inTransaction(c -> blocks.run(c).then(rows.run(c)).then(setCursor(c, cursor))).then();
    }

    @Override
    public Mono<RemainingStates> rollbackTo(IndexedBlock ancestor) {
        long above = ancestor.number();
        return inTransaction(c -> touchedGrants(c, above).zipWith(touchedProviders(c, above))
                .flatMap(touched -> new SqlBatch("DELETE FROM chain_event WHERE block_number > $1").add(above).run(c)
                        .then(new SqlBatch("DELETE FROM indexed_block WHERE block_number > $1").add(above).run(c))
                        .then(Flux.fromIterable(touched.getT1())
                                .concatMap(key -> latestGrant(c, key).map(state -> Map.entry(key, state)))
                                .collectMap(Map.Entry::getKey, Map.Entry::getValue))
                        .zipWith(Flux.fromIterable(touched.getT2())
                                .concatMap(p -> latestProvider(c, p).map(state -> Map.entry(p, state)))
                                .collectMap(Map.Entry::getKey, Map.Entry::getValue)))
                .map(latest -> new RemainingStates(latest.getT1(), latest.getT2()))
                .flatMap(remaining -> setCursor(c, ancestor).thenReturn(remaining)));
    }

    @Override
    public Mono<Void> pruneBlocksBelow(long number) {
        return inTransaction(c -> new SqlBatch("DELETE FROM indexed_block WHERE block_number < $1").add(number).run(c))
                .then();
    }

    /** An address recurs in many rows: within one history, each text is parsed (and its checksum checked) once. */
    @Override
    public Flux<SlotState> grantHistory() {
        return Flux.defer(() -> {
            Function<String, EthAddress> address = addressCache();
            return database.sql("SELECT account, counterpart, subject, action, name, expires_at, block_number"
                            + " FROM chain_event WHERE name IN " + CONSENT_NAMES + " ORDER BY block_number, log_index")
                    .map(row -> {
                        Bytes32 scope = Bytes32.parse(row.get("subject", String.class));
                        return new SlotState(new GrantKey(address.apply(row.get("account", String.class)),
                                address.apply(row.get("counterpart", String.class)), scope,
                                row.get("action", Integer.class)), grantState(scope, row));
                    })
                    .all();
        }).timeout(STORE_TIMEOUT);
    }

    @Override
    public Flux<ProviderChange> providerHistory() {
        return Flux.defer(() -> {
            Function<String, EthAddress> address = addressCache();
            return database.sql("SELECT account, name, block_number FROM chain_event WHERE name IN " + PROVIDER_NAMES
                            + " ORDER BY block_number, log_index")
                    .map(row -> new ProviderChange(address.apply(row.get("account", String.class)),
                            providerState(row)))
                    .all();
        }).timeout(STORE_TIMEOUT);
    }

    private static Function<String, EthAddress> addressCache() {
        Map<String, EthAddress> addresses = new HashMap<>();
        return text -> addresses.computeIfAbsent(text, EthAddress::parse);
    }

    @Override
    public Mono<List<GrantState>> grants(EthAddress patient, EthAddress grantee, int action, List<Bytes32> scopes) {
        // newest first: the first row of each scope is its slot's state
        return database.sql("SELECT subject, name, expires_at, block_number FROM chain_event WHERE account = :p"
                        + " AND counterpart = :g AND action = :a AND subject IN (:scopes) AND name IN " + CONSENT_NAMES
                        + " ORDER BY block_number DESC, log_index DESC")
                .bind("p", patient.toString()).bind("g", grantee.toString()).bind("a", action)
                .bind("scopes", scopes.stream().map(Bytes32::toString).toList())
                .map(row -> grantState(Bytes32.parse(row.get("subject", String.class)), row))
                .all()
                .collect(LinkedHashMap<Bytes32, GrantState>::new, (latest, state) -> latest.putIfAbsent(state.scope(),
                        state))
                .map(latest -> List.copyOf(latest.values()));
    }

    @Override
    public Mono<Optional<ProviderState>> provider(EthAddress provider) {
        return database.sql("SELECT name, block_number FROM chain_event WHERE account = :p AND name IN "
                        + PROVIDER_NAMES + " ORDER BY block_number DESC, log_index DESC LIMIT 1")
                .bind("p", provider.toString())
                .map(row -> providerState(row))
                .one().map(Optional::of).defaultIfEmpty(Optional.empty());
    }

    @Override
    public Mono<AnchoredRecord> anchored(RecordId id) {
        return database.sql("SELECT " + ANCHOR_COLUMNS
                        + " FROM chain_event WHERE subject = :id AND name = 'RecordAnchored'")
                .bind("id", id.toBytes32().toString())
                .map(EventIndexAdapter::anchor)
                .all().collectList()
                .flatMap(found -> found.size() > 1
                        ? Mono.error(new IllegalStateException(found.size() + " RecordAnchored events indexed for"
                                + " record " + id + ": ids are unique on chain"))
                        : Mono.justOrEmpty(found.stream().findFirst()));
    }

    @Override
    public Flux<AnchoredRecord> anchorsOf(EthAddress patient) {
        return database.sql("SELECT " + ANCHOR_COLUMNS + " FROM chain_event WHERE account = :p"
                        + " AND name = 'RecordAnchored' ORDER BY block_number, log_index")
                .bind("p", patient.toString())
                .map(EventIndexAdapter::anchor)
                .all();
    }

    private static AnchoredRecord anchor(Readable row) {
        String supersedes = row.get("supersedes", String.class);
        return new AnchoredRecord(RecordId.fromBytes32(Bytes32.parse(row.get("subject", String.class))),
                EthAddress.parse(row.get("counterpart", String.class)),
                Cid.of(Codec.fromCode(row.get("codec", Long.class)),
                        Bytes32.parse(row.get("content_digest", String.class))),
                Optional.ofNullable(supersedes).map(s -> RecordId.fromBytes32(Bytes32.parse(s))),
                row.get("tx_hash", String.class), row.get("block_number", Long.class));
    }

    @Override
    public Flux<ChainEvent.Consent> consentEvents(EthAddress patient) {
        return database.sql("SELECT " + EVENT_COLUMNS + " FROM chain_event WHERE account = :p AND name IN "
                        + CONSENT_NAMES + " ORDER BY block_number DESC, log_index DESC")
                .bind("p", patient.toString())
                .map(row -> consent(row))
                .all();
    }

    private static Mono<List<GrantKey>> touchedGrants(Connection c, long above) {
        return Flux.from(c.createStatement("SELECT DISTINCT account, counterpart, subject, action FROM chain_event"
                        + " WHERE block_number > $1 AND name IN " + CONSENT_NAMES).bind(0, above).execute())
                .flatMap(result -> result.map(row -> new GrantKey(EthAddress.parse(row.get(0, String.class)),
                        EthAddress.parse(row.get(1, String.class)), Bytes32.parse(row.get(2, String.class)),
                        row.get(3, Integer.class))))
                .collectList();
    }

    private static Mono<List<EthAddress>> touchedProviders(Connection c, long above) {
        return Flux.from(c.createStatement("SELECT DISTINCT account FROM chain_event WHERE block_number > $1"
                        + " AND name IN " + PROVIDER_NAMES).bind(0, above).execute())
                .flatMap(result -> result.map(row -> EthAddress.parse(row.get(0, String.class))))
                .collectList();
    }

    private static Mono<Optional<GrantState>> latestGrant(Connection c, GrantKey key) {
        return Flux.from(c.createStatement("SELECT name, expires_at, block_number FROM chain_event WHERE account = $1"
                                + " AND counterpart = $2 AND subject = $3 AND action = $4 AND name IN " + CONSENT_NAMES
                                + " ORDER BY block_number DESC, log_index DESC LIMIT 1")
                        .bind(0, key.patient().toString()).bind(1, key.grantee().toString())
                        .bind(2, key.scope().toString()).bind(3, key.action()).execute())
                .flatMap(result -> result.map(row -> grantState(key.scope(), row)))
                .next().map(Optional::of).defaultIfEmpty(Optional.empty());
    }

    private static Mono<Optional<ProviderState>> latestProvider(Connection c, EthAddress provider) {
        return Flux.from(c.createStatement("SELECT name, block_number FROM chain_event WHERE account = $1"
                                + " AND name IN " + PROVIDER_NAMES + " ORDER BY block_number DESC, log_index DESC"
                                + " LIMIT 1")
                        .bind(0, provider.toString()).execute())
                .flatMap(result -> result.map(row -> providerState(row)))
                .next().map(Optional::of).defaultIfEmpty(Optional.empty());
    }

    private static Mono<Long> setCursor(Connection c, IndexedBlock cursor) {
        return new SqlBatch("DELETE FROM index_cursor WHERE id = $1").add(1).run(c)
                .then(new SqlBatch("INSERT INTO index_cursor (id, block_number, block_hash, parent_hash, block_time)"
                        + " VALUES ($1, $2, $3, $4, $5)")
                        .add(1, cursor.number(), cursor.hash(), cursor.parentHash(), cursor.time()).run(c));
    }

    /** A consent event's row (name, expires_at, block_number) as its slot's state. */
    private static GrantState grantState(Bytes32 scope, Readable row) {
        boolean revoked = "AccessRevoked".equals(row.get("name", String.class));
        return new GrantState(scope, revoked ? 0 : Optional.ofNullable(row.get("expires_at", Long.class)).orElse(0L),
                revoked, row.get("block_number", Long.class));
    }

    /** A provider event's row (name, block_number) as the provider's status. */
    private static ProviderState providerState(Readable row) {
        return new ProviderState("ProviderSuspended".equals(row.get("name", String.class)) ? ProviderStatus.SUSPENDED
                : ProviderStatus.ACTIVE, row.get("block_number", Long.class));
    }

    private <T> Mono<T> inTransaction(Function<Connection, Mono<T>> work) {
        return Mono.usingWhen(Mono.from(connections.create()),
                        c -> Mono.from(c.beginTransaction()).then(work.apply(c))
                                .flatMap(result -> Mono.from(c.commitTransaction()).thenReturn(result)),
                        c -> Mono.from(c.close()),
                        (c, failure) -> Mono.from(c.rollbackTransaction()).then(Mono.from(c.close())),
                        c -> Mono.from(c.rollbackTransaction()).then(Mono.from(c.close())))
                .timeout(STORE_TIMEOUT);
    }

    private static IndexedBlock block(Readable row) {
        return new IndexedBlock(row.get("block_number", Long.class), row.get("block_hash", String.class),
                row.get("parent_hash", String.class), row.get("block_time", Long.class));
    }

    static ChainEvent.Consent consent(Readable row) {
        var key = new GrantKey(EthAddress.parse(row.get("account", String.class)),
                EthAddress.parse(row.get("counterpart", String.class)), Bytes32.parse(row.get("subject", String.class)),
                row.get("action", Integer.class));
        boolean revoked = "AccessRevoked".equals(row.get("name", String.class));
        return new ChainEvent.Consent(position(row), contract(row), key,
                Optional.ofNullable(row.get("purpose", Integer.class)).orElse(0),
                Optional.ofNullable(row.get("expires_at", Long.class)).orElse(0L), revoked);
    }

    static LogPosition position(Readable row) {
        return new LogPosition(row.get("block_number", Long.class), row.get("log_index", Integer.class),
                row.get("block_hash", String.class), row.get("tx_hash", String.class),
                row.get("block_time", Long.class));
    }

    static EthAddress contract(Readable row) {
        return EthAddress.parse(row.get("contract", String.class));
    }
}
