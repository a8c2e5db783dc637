package io.healthkey.backend.adapter.outbound.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import io.healthkey.backend.domain.recovery.RecoveryEvent;
import io.healthkey.backend.domain.recovery.RecoveryEvent.Kind;
import io.healthkey.backend.domain.recovery.RecoveryRequest;
import io.healthkey.backend.domain.recovery.ShareTransfer;
import io.healthkey.backend.support.Records;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.ShareTransferMessage;

/** Requests, transfers and the log on H2 (migrated to V15): read back as written, one transfer per guardian. */
class RecoveryStoreAdapterTest {

    private static final EthAddress PATIENT = EthAddress.parse("0x00000000000000000000000000000000000000a1");
    private static final EthAddress FIRST = EthAddress.parse("0x00000000000000000000000000000000000000b1");
    private static final EthAddress SECOND = EthAddress.parse("0x00000000000000000000000000000000000000b2");
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final EncryptionPublicKey DEVICE = EncryptionPrivateKey.generate().publicKey();
    /** The longest signature an account may give (a contract wallet's; a key's is 65 bytes): the column holds it. */
    private static final AccountSignature SIGNATURE = AccountSignature.fromBytes(filled(AccountSignature.MAX_BYTES));

    private RecoveryStoreAdapter store;

    @BeforeEach
    void database() {
        String name = "recovery-" + UUID.randomUUID();
        Flyway.configure().dataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "").load().migrate();
        ConnectionFactory connections = ConnectionFactories.get("r2dbc:h2:mem://sa@/" + name + "?DB_CLOSE_DELAY=-1");
        store = new RecoveryStoreAdapter(DatabaseClient.create(connections),
                TransactionalOperator.create(new R2dbcTransactionManager(connections)));
    }

    @Test
    void aRequestIsReadBackWithItsGuardiansInTheKitsOrderAndCounted() {
        RecoveryRequest request = request("00000000-0000-4000-8000-000000000001", T0);
        store.create(request, RecoveryEvent.of(request, Kind.REQUESTED, PATIENT, T0)).block();

        assertThat(store.find(request.id()).block()).isEqualTo(request);
        assertThat(store.countSince(PATIENT, T0).block()).isEqualTo(1);
        assertThat(store.countSince(PATIENT, T0.plusSeconds(1)).block()).isZero();
        assertThat(store.openFor(FIRST, T0).collectList().block()).containsExactly(request);
        assertThat(store.openFor(FIRST, request.expiresAt()).collectList().block()).isEmpty();
        assertThat(store.openFor(PATIENT, T0).collectList().block()).isEmpty();
    }

    @Test
    void aGuardiansSecondTransferIsRefusedAndLogsNothing() {
        RecoveryRequest request = request("00000000-0000-4000-8000-000000000002", T0);
        store.create(request, RecoveryEvent.of(request, Kind.REQUESTED, PATIENT, T0)).block();
        ShareTransfer first = transfer(request, SECOND, (byte) 1);

        assertThat(store.addTransfer(first, RecoveryEvent.of(request, Kind.SHARE_TRANSFERRED, SECOND, T0)).block())
                .isTrue();
        assertThat(store.addTransfer(transfer(request, SECOND, (byte) 2),
                RecoveryEvent.of(request, Kind.SHARE_TRANSFERRED, SECOND, T0)).block()).isFalse();

        List<ShareTransfer> stored = store.transfers(request.id()).collectList().block();
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).message()).isEqualTo(first.message());
        assertThat(stored.get(0).signature()).isEqualTo(SIGNATURE);
        assertThat(store.log(PATIENT, 10).map(RecoveryEvent::kind).collectList().block())
                .containsExactly(Kind.SHARE_TRANSFERRED, Kind.REQUESTED);
    }

    @Test
    void theLogIsNewestFirstAndLimited() {
        RecoveryRequest request = request("00000000-0000-4000-8000-000000000003", T0);
        store.create(request, RecoveryEvent.of(request, Kind.REQUESTED, PATIENT, T0)).block();
        store.log(RecoveryEvent.of(request, Kind.KIT_FETCHED, FIRST, T0.plusSeconds(5))).block();

        assertThat(store.log(PATIENT, 1).collectList().block())
                .containsExactly(RecoveryEvent.of(request, Kind.KIT_FETCHED, FIRST, T0.plusSeconds(5)));
        assertThat(store.log(FIRST, 10).collectList().block()).isEmpty();
    }

    private static RecoveryRequest request(String id, Instant at) {
        return new RecoveryRequest(id, PATIENT, RecordId.of(PATIENT, Category.RECOVERY_KIT, 1), Records.rawCid("kit"),
                Bytes32.fromBytes(new byte[32]), DEVICE, 2, List.of(SECOND, FIRST), at, at.plus(Duration.ofDays(7)));
    }

    private static ShareTransfer transfer(RecoveryRequest request, EthAddress guardian, byte fill) {
        byte[] share = new byte[ShareTransferMessage.SHARE_LENGTH];
        java.util.Arrays.fill(share, fill);
        return new ShareTransfer(request.id(), new ShareTransferMessage(request.kitId(), PATIENT, guardian, DEVICE,
                share, T0.plusSeconds(600)), SIGNATURE, T0);
    }

    private static byte[] filled(int length) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) 0x5a);
        return bytes;
    }
}
