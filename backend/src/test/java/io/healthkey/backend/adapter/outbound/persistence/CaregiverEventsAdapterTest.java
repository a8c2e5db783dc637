package io.healthkey.backend.adapter.outbound.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.r2dbc.spi.ConnectionFactories;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

import io.healthkey.backend.application.index.CaregiverPairs;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

/** Caregiver events stored by the event index (H2, migrated up to V18) and read back whole, newest first. */
class CaregiverEventsAdapterTest {

    private static final EthAddress CONSENT = EthAddress.parse("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512");
    private static final EthAddress CHILD = EthAddress.parse("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
    private static final EthAddress PARENT = EthAddress.parse("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65");
    private static final EthAddress PAEDIATRICIAN = EthAddress.parse("0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc");
    private static final String HASH = "0x" + "ab".repeat(32);

    private EventIndexAdapter store;
    private CaregiverEventsAdapter caregivers;

    @BeforeEach
    void database() {
        String name = "caregivers-" + UUID.randomUUID();
        Flyway.configure().dataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "").load().migrate();
        DatabaseClient client = DatabaseClient.create(
                ConnectionFactories.get("r2dbc:h2:mem://sa@/" + name + "?DB_CLOSE_DELAY=-1"));
        store = new EventIndexAdapter(client);
        caregivers = new CaregiverEventsAdapter(client);
    }

    @Test
    void anAppointmentWithEightScopesAGrantByTheCaregiverAndItsRevocationReadBackWhole() {
        List<Bytes32> eightScopes = Collections.nCopies(8, Bytes32.parse("0x" + "7e".repeat(32)));
        var appointed = new ChainEvent.CaregiverChange(at(1), CONSENT, CHILD, PARENT, Optional.of(CHILD), eightScopes,
                5, 1_800_000_000L, 1, false);
        GrantKey key = new GrantKey(CHILD, PAEDIATRICIAN, Bytes32.fromUint256(java.math.BigInteger.TWO), 1);
        var granted = new ChainEvent.CaregiverConsent(at(2), CONSENT, PARENT, key, 1, false);
        var revoked = new ChainEvent.CaregiverChange(at(3), CONSENT, CHILD, PARENT, Optional.empty(), List.of(), 0, 0,
                2, true);
        store.append(List.of(new IndexedBlock(10, HASH, HASH, 1_790_000_000L)), List.of(appointed, granted, revoked),
                new IndexedBlock(10, HASH, HASH, 1_790_000_000L)).block();

        assertThat(caregivers.changesOfPatient(CHILD).collectList().block()).containsExactly(revoked, appointed);
        assertThat(caregivers.changesOfCaregiver(PARENT).collectList().block()).containsExactly(revoked, appointed);
        assertThat(caregivers.changesOfCaregiver(CHILD).collectList().block()).isEmpty();
        assertThat(caregivers.consentsByCaregivers(CHILD).collectList().block()).containsExactly(granted);
        assertThat(caregivers.caregiverPairs().collectList().block()).containsExactlyInAnyOrder(
                new CaregiverPairs.Pair(CHILD, PARENT), new CaregiverPairs.Pair(CHILD, PAEDIATRICIAN));
    }

    private static LogPosition at(int logIndex) {
        return new LogPosition(10, logIndex, HASH, "0x" + "cd".repeat(32), 1_790_000_000L);
    }
}
