package io.healthkey.backend.application.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.healthkey.backend.domain.account.IdentityRecoveryStep;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.IndexSettings;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.protocol.EthAddress;

/** Only the steps of accounts an allow-listed factory created enter the index, whoever else emits the same events. */
class AccountEventGateTest {

    private static final EthAddress FACTORY = EthAddress.parse("0x" + "fa".repeat(20));
    private static final EthAddress STORED_ACCOUNT = EthAddress.parse("0x" + "a1".repeat(20));
    private static final EthAddress NEW_ACCOUNT = EthAddress.parse("0x" + "a2".repeat(20));
    private static final EthAddress FORGER = EthAddress.parse("0x" + "0f".repeat(20));
    private static final String SIGNER = "0x" + "11".repeat(64);

    private final List<EthAddress> storedAccounts = new ArrayList<>(List.of(STORED_ACCOUNT));
    private boolean databaseDown;
    private final InMemoryIndexStore store = new InMemoryIndexStore();
    private final EventIndexStorePort gated = new AccountEventGate(() -> databaseDown
            ? Flux.error(new IllegalStateException("database down")) : Flux.fromIterable(storedAccounts))
            .guarding(store);

    @Test
    void keepsTheStepsOfAnAccountCreatedInAnEarlierRangeAndDropsAStrangersContract() {
        ChainEvent kept = step(STORED_ACCOUNT, 1, IdentityRecoveryStep.executed(1, SIGNER));

        append(kept, step(FORGER, 2, IdentityRecoveryStep.scheduled(1, SIGNER, 1)),
                step(FORGER, 3, IdentityRecoveryStep.executed(1, SIGNER)));

        assertThat(store.events()).containsExactly(kept);
    }

    @Test
    void anAccountIsKnownFromItsCreationOnInTheSameAppendAndAfter() {
        ChainEvent before = step(NEW_ACCOUNT, 1, IdentityRecoveryStep.guardiansChanged(1, List.of(FORGER), 1));
        ChainEvent created = new ChainEvent.AccountCreated(at(2), FACTORY, NEW_ACCOUNT);
        ChainEvent sameAppend = step(NEW_ACCOUNT, 3, IdentityRecoveryStep.guardiansChanged(1, List.of(FORGER), 1));
        ChainEvent later = step(NEW_ACCOUNT, 4, IdentityRecoveryStep.cancelled(1));

        append(before, created, sameAppend);
        append(later);

        assertThat(store.events()).containsExactly(created, sameAppend, later);
    }

    @Test
    void passesEveryOtherEventOn() {
        ChainEvent keyPublished = new ChainEvent.KeyPublished(at(1), FACTORY, FORGER, "0x02" + "33".repeat(32));

        append(keyPublished);

        assertThat(store.events()).containsExactly(keyPublished);
    }

    @Test
    void anAppendWhoseAccountsCannotBeLoadedFailsAndStoresNothing() {
        databaseDown = true;

        assertThatThrownBy(() -> append(step(STORED_ACCOUNT, 1, IdentityRecoveryStep.cancelled(1))))
                .hasMessageContaining("database down");
        assertThat(store.events()).isEmpty();

        databaseDown = false;
        append(step(STORED_ACCOUNT, 1, IdentityRecoveryStep.cancelled(1)));
        assertThat(store.events()).hasSize(1);
    }

    @Test
    void underTheIndexerAnAccountCreatedRangesEarlierIsKnownAndAReorgReplacesItsSteps() {
        ScriptedChain chain = new ScriptedChain();
        chain.mine(at -> new ChainEvent.AccountCreated(at, FACTORY, NEW_ACCOUNT),
                at -> new ChainEvent.AccountRecovery(at, NEW_ACCOUNT, IdentityRecoveryStep.delayChanged(259_200)));
        IndexEvents.mineOneGrantPerBlock(chain, 20);
        chain.mine(at -> new ChainEvent.AccountRecovery(at, FORGER, IdentityRecoveryStep.executed(1, SIGNER)));
        chain.mine(at -> new ChainEvent.AccountRecovery(at, NEW_ACCOUNT, IdentityRecoveryStep.scheduled(1, SIGNER, 9)));
        EventIndexer indexer = new EventIndexer(chain, gated, new IndexProjections(),
                new IndexSettings(1, 0, 16, 4, 64, Duration.ofSeconds(5), 60), Clock.systemUTC());
        indexer.poll().block();
        chain.fork(1);
        chain.mine(at -> new ChainEvent.AccountRecovery(at, NEW_ACCOUNT, IdentityRecoveryStep.cancelled(1)));

        indexer.poll().block();

        assertThat(indexer.status().reorgs()).isEqualTo(1);
        assertThat(store.events()).filteredOn(ChainEvent.AccountRecovery.class::isInstance)
                .extracting(event -> ((ChainEvent.AccountRecovery) event).step().kind().name())
                .containsExactly("DELAY_CHANGED", "CANCELLED");
    }

    private void append(ChainEvent... events) {
        long block = events[events.length - 1].at().blockNumber();
        gated.append(List.of(), List.of(events), new IndexedBlock(block, "0x" + "aa".repeat(32),
                "0x" + "bb".repeat(32), 0)).block();
    }

    private static ChainEvent step(EthAddress emitter, long block, IdentityRecoveryStep step) {
        return new ChainEvent.AccountRecovery(at(block), emitter, step);
    }

    private static LogPosition at(long block) {
        return new LogPosition(block, 0, "0x" + "aa".repeat(32), "0x" + "cc".repeat(32), 1_800_000_000L);
    }
}
