package io.healthkey.backend.adapter.inbound.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.chainidentity.ChainIdentityUseCase;
import io.healthkey.backend.application.chainidentity.ChainIdentityVerdict;
import io.healthkey.backend.application.index.EventIndexer;
import io.healthkey.backend.application.index.IndexEvents;
import io.healthkey.backend.application.index.IndexProjections;
import io.healthkey.backend.application.index.InMemoryIndexStore;
import io.healthkey.backend.application.index.ScriptedChain;
import io.healthkey.backend.config.IndexProperties;
import io.healthkey.backend.domain.index.IndexSettings;

/** What the index's and the chain identity's health say: a failing index or another chain is DOWN, never UP. */
class IndexAndChainHealthTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T00:00:00Z"), ZoneOffset.UTC);
    private static final IndexSettings SETTINGS = new IndexSettings(1, 0, 16, 4, 64, Duration.ofSeconds(5), 60);
    private static final IndexProperties PROPERTIES = new IndexProperties(true, Duration.ofMillis(500), 0, 128, 2000,
            50_000, Duration.ofSeconds(5), Duration.ofSeconds(60), 20, Duration.ofMillis(100));

    private final ScriptedChain chain = new ScriptedChain();
    private final InMemoryIndexStore store = new InMemoryIndexStore();
    private final EventIndexer indexer = new EventIndexer(chain, store, new IndexProjections(), SETTINGS, CLOCK);
    private final EventIndexHealthIndicator indexHealth = new EventIndexHealthIndicator(indexer, PROPERTIES);

    @Test
    void anIndexWhosePollsFailIsDownWithTheFailureAndUpAgainOnceAPollSucceeds() {
        IndexEvents.mineOneGrantPerBlock(chain, 3);
        indexer.poll().block();
        assertThat(indexHealth.health().getStatus()).isEqualTo(Status.UP);

        store.failing = true;
        chain.mine();
        indexer.poll().block();
        Health failing = indexHealth.health();
        assertThat(failing.getStatus()).isEqualTo(Status.DOWN);
        assertThat(failing.getDetails()).containsKey("lastFailure");

        store.failing = false;
        indexer.poll().block();
        assertThat(indexHealth.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void anotherChainIsDownWithWhatToDoAndAnUncheckedOneUnknown() {
        assertThat(chainHealth(new ChainIdentityVerdict(ChainIdentityVerdict.State.OTHER,
                Optional.of("start with a fresh database"), CLOCK.instant())))
                .satisfies(health -> {
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails()).containsEntry("problem", "start with a fresh database");
                });
        assertThat(chainHealth(new ChainIdentityVerdict(ChainIdentityVerdict.State.UNKNOWN,
                Optional.of("node did not answer"), CLOCK.instant())).getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat(chainHealth(new ChainIdentityVerdict(ChainIdentityVerdict.State.SAME, Optional.empty(),
                CLOCK.instant())).getStatus()).isEqualTo(Status.UP);
    }

    private static Health chainHealth(ChainIdentityVerdict verdict) {
        ChainIdentityUseCase identity = new ChainIdentityUseCase() {
            @Override
            public Mono<Boolean> isSameChain() {
                return Mono.just(verdict.isSameChain());
            }

            @Override
            public ChainIdentityVerdict verdict() {
                return verdict;
            }
        };
        return new ChainIdentityHealthIndicator(identity).health().block();
    }
}
