package io.healthkey.backend.adapter.outbound.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import io.healthkey.backend.application.availability.AuditedVersion;
import io.healthkey.backend.application.availability.PinState;
import io.healthkey.backend.application.availability.VersionAvailability;
import io.healthkey.backend.support.Records;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;

/** The audit's state on H2 (migrated): the due versions come from the index's anchors, results survive a restart. */
class AvailabilityAuditAdapterTest {

    private static final EthAddress PATIENT = EthAddress.parse("0x00000000000000000000000000000000000000a1");
    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

    private DatabaseClient database;
    private AvailabilityAuditAdapter store;

    @BeforeEach
    void database() {
        String name = "availability-" + UUID.randomUUID();
        Flyway.configure().dataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "").load().migrate();
        ConnectionFactory connections = ConnectionFactories.get("r2dbc:h2:mem://sa@/" + name + "?DB_CLOSE_DELAY=-1");
        database = DatabaseClient.create(connections);
        store = new AvailabilityAuditAdapter(database,
                TransactionalOperator.create(new R2dbcTransactionManager(connections)));
    }

    private AuditedVersion anchor(int serial, long block) {
        return anchor(serial, block, null);
    }

    /** A version anchored on chain whose ciphertext this service stored (a record_version row with its CID). */
    private AuditedVersion anchor(int serial, long block, AuditedVersion supersedes) {
        AuditedVersion version = anchoredElsewhere(serial, block, supersedes);
        database.sql("INSERT INTO record_version (record_id, patient, serial, category, author, origin, status,"
                        + " media_type, cid, size, rekey_required, created_at, expires_at) VALUES (:id, :patient,"
                        + " :serial, 2, :patient, 'CLIENT', 'ANCHORED', 'application/fhir+json', :cid, 1, FALSE, :at,"
                        + " :at)")
                .bind("id", version.id().toHex()).bind("patient", PATIENT.toString())
                .bind("serial", BigDecimal.valueOf(serial)).bind("cid", version.cid().toString())
                .bind("at", LocalDateTime.of(2026, 12, 7, 0, 0)).then().block();
        return version;
    }

    /** A version anchored on chain only: its author never uploaded it through this service. */
    private AuditedVersion anchoredElsewhere(int serial, long block, AuditedVersion supersedes) {
        RecordId id = RecordId.of(PATIENT, Category.OBSERVATION, serial);
        Cid cid = Records.rawCid("version " + serial);
        DatabaseClient.GenericExecuteSpec insert = database.sql("INSERT INTO chain_event (block_number, log_index,"
                        + " block_hash, tx_hash, contract, name, account, counterpart, subject, category, codec,"
                        + " content_digest, supersedes, block_time) VALUES (:block, 0, :hash, :hash, :contract,"
                        + " 'RecordAnchored', :patient, :patient, :id, 2, :codec, :digest, :supersedes, 0)")
                .bind("block", block).bind("hash", "0x" + "ab".repeat(32)).bind("contract", PATIENT.toString())
                .bind("patient", PATIENT.toString()).bind("id", id.toBytes32().toString())
                .bind("codec", (long) cid.codec().code()).bind("digest", cid.digest().toString());
        insert = supersedes == null ? insert.bindNull("supersedes", String.class)
                : insert.bind("supersedes", supersedes.id().toBytes32().toString());
        insert.then().block();
        return new AuditedVersion(id, cid);
    }

    private static VersionAvailability result(AuditedVersion version, Instant at, PinState primary, PinState service) {
        return new VersionAvailability(version.id(), version.cid(), at, Map.of("primary", primary, "svc", service));
    }

    @Test
    void dueAreTheAnchoredVersionsNeverAuditedFirstThenTheLongestUnaudited() {
        AuditedVersion first = anchor(1, 10);
        AuditedVersion second = anchor(2, 11);
        AuditedVersion third = anchor(3, 12);
        store.save(result(first, T0.plusSeconds(60), PinState.PINNED, PinState.PINNED)).block();
        store.save(result(second, T0, PinState.PINNED, PinState.PINNED)).block();

        assertThat(store.due(T0.plusSeconds(3600), 10).collectList().block()).containsExactly(third, second, first);
        assertThat(store.due(T0.plusSeconds(30), 10).collectList().block()).containsExactly(third, second);
        assertThat(store.due(T0.plusSeconds(3600), 2).collectList().block()).containsExactly(third, second);
    }

    @Test
    void aVersionAnotherAnchoredVersionSupersedesIsNotAudited() {
        AuditedVersion superseded = anchor(1, 10);
        AuditedVersion current = anchor(2, 11, superseded);

        assertThat(store.due(T0, 10).collectList().block()).containsExactly(current);
    }

    @Test
    void aVersionAnchoredOnChainWhoseCiphertextThisServiceNeverStoredIsNotAudited() {
        anchoredElsewhere(1, 10, null);
        AuditedVersion ours = anchor(2, 11);

        assertThat(store.due(T0, 10).collectList().block()).containsExactly(ours);
    }

    @Test
    void aSavedResultReplacesTheLastAndIsFoundByIdAndWhenUnavailable() {
        AuditedVersion kept = anchor(1, 10);
        AuditedVersion lost = anchor(2, 11);
        store.save(result(kept, T0, PinState.MISSING, PinState.PINNED)).block();
        store.save(result(kept, T0.plusSeconds(5), PinState.PINNED, PinState.PINNED)).block();
        store.save(result(lost, T0, PinState.MISSING, PinState.FAILED)).block();

        List<VersionAvailability> found = store.find(List.of(kept.id(), lost.id(), anchor(3, 12).id()))
                .collectList().block();

        assertThat(found).hasSize(2);
        VersionAvailability keptNow = found.stream().filter(r -> r.id().equals(kept.id())).findFirst().orElseThrow();
        assertThat(keptNow.checkedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(keptNow.locations()).isEqualTo(Map.of("primary", PinState.PINNED, "svc", PinState.PINNED));
        assertThat(store.unavailable(10).collectList().block()).extracting(VersionAvailability::id)
                .containsExactly(lost.id());
    }
}
