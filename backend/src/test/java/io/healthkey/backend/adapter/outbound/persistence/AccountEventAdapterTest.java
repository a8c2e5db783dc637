package io.healthkey.backend.adapter.outbound.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import io.r2dbc.spi.ConnectionFactories;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

import io.healthkey.backend.domain.account.IdentityRecoveryStep;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.protocol.EthAddress;

/** The accounts' events through the index's R2DBC store (H2, migrated) and back, every field, and after a rollback. */
class AccountEventAdapterTest {

    private static final EthAddress FACTORY = EthAddress.parse("0x" + "fa".repeat(20));
    private static final EthAddress ACCOUNT = EthAddress.parse("0x" + "ac".repeat(20));
    private static final EthAddress OTHER_ACCOUNT = EthAddress.parse("0x" + "ad".repeat(20));
    private static final EthAddress GUARDIAN = EthAddress.parse("0x" + "6a".repeat(20));
    private static final String SIGNER = "0x" + "11".repeat(32) + "22".repeat(32);
    private static final long BLOCK_TIME = 1_800_000_000L;

    private EventIndexAdapter index;
    private AccountEventAdapter accounts;

    @BeforeEach
    void database() {
        String name = "accounts-" + UUID.randomUUID();
        Flyway.configure().dataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "").load().migrate();
        DatabaseClient database = DatabaseClient.create(ConnectionFactories.get("r2dbc:h2:mem://sa@/" + name
                + "?DB_CLOSE_DELAY=-1"));
        index = new EventIndexAdapter(database);
        accounts = new AccountEventAdapter(database);
    }

    @Test
    void storesEachStepWithEveryFieldAndAnswersAnAccountsStepsNewestFirst() {
        List<EthAddress> manyGuardians = IntStream.range(1, 1_001)
                .mapToObj(i -> EthAddress.fromBytes(java.nio.ByteBuffer.allocate(20).putInt(16, i).array())).toList();
        List<ChainEvent.AccountRecovery> steps = List.of(
                step(ACCOUNT, 2, IdentityRecoveryStep.delayChanged(259_200)),
                step(ACCOUNT, 3, IdentityRecoveryStep.guardiansChanged(1, manyGuardians, 600)),
                step(ACCOUNT, 4, IdentityRecoveryStep.approved(1, GUARDIAN, SIGNER, 1)),
                step(ACCOUNT, 5, IdentityRecoveryStep.scheduled(1, SIGNER, BLOCK_TIME + 86_400)),
                step(ACCOUNT, 6, IdentityRecoveryStep.executed(1, SIGNER)),
                step(ACCOUNT, 7, IdentityRecoveryStep.cancelled(2)),
                step(ACCOUNT, 8, IdentityRecoveryStep.guardiansChanged(3, List.of(), 0)));
        List<ChainEvent> events = new ArrayList<>();
        events.add(new ChainEvent.AccountCreated(at(1), FACTORY, ACCOUNT));
        events.addAll(steps);
        events.add(step(OTHER_ACCOUNT, 9, IdentityRecoveryStep.cancelled(1)));
        events.add(new ChainEvent.KeyPublished(at(10), ACCOUNT, ACCOUNT, "0x02" + "33".repeat(32)));
        index.append(List.of(), events, block(10)).block();

        List<ChainEvent.AccountRecovery> newestFirst = new ArrayList<>(steps);
        java.util.Collections.reverse(newestFirst);
        assertThat(accounts.stepsOf(ACCOUNT, 500).collectList().block()).containsExactlyElementsOf(newestFirst);
        assertThat(accounts.stepsOf(ACCOUNT, 2).collectList().block()).containsExactly(steps.get(6), steps.get(5));
        assertThat(accounts.createdAccounts().collectList().block()).containsExactly(ACCOUNT);
    }

    @Test
    void answersTheAccountsRotatedSinceABlockTime() {
        index.append(List.of(), List.of(
                step(ACCOUNT, 1, IdentityRecoveryStep.executed(1, SIGNER)),
                step(OTHER_ACCOUNT, 2, IdentityRecoveryStep.scheduled(1, SIGNER, BLOCK_TIME))), block(2)).block();

        assertThat(accounts.rotatedSince(BLOCK_TIME).collectList().block()).containsExactly(ACCOUNT);
        assertThat(accounts.rotatedSince(BLOCK_TIME + 1).collectList().block()).isEmpty();
    }

    @Test
    void aRollbackForgetsTheStepsAboveTheAncestor() {
        index.append(List.of(), List.of(step(ACCOUNT, 1, IdentityRecoveryStep.cancelled(1)),
                step(ACCOUNT, 2, IdentityRecoveryStep.cancelled(2))), block(2)).block();

        index.rollbackTo(block(1)).block();

        assertThat(accounts.stepsOf(ACCOUNT, 500).collectList().block())
                .extracting(step -> step.step().round()).containsExactly(1L);
    }

    private static ChainEvent.AccountRecovery step(EthAddress account, long block, IdentityRecoveryStep step) {
        return new ChainEvent.AccountRecovery(at(block), account, step);
    }

    private static LogPosition at(long block) {
        return new LogPosition(block, 0, hash(block), "0x" + "cc".repeat(32), BLOCK_TIME + block - 1);
    }

    private static IndexedBlock block(long number) {
        return new IndexedBlock(number, hash(number), hash(number - 1), BLOCK_TIME + number - 1);
    }

    private static String hash(long number) {
        return String.format("0x%064x", number);
    }
}
