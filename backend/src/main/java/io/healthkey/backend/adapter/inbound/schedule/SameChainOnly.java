package io.healthkey.backend.adapter.inbound.schedule;

import java.util.function.Supplier;

import reactor.core.publisher.Mono;

import io.healthkey.backend.application.chainidentity.ChainIdentityUseCase;
import io.healthkey.backend.application.outbox.SendOutboxUseCase;

/**
 * Runs the work that talks to the chain on the database's behalf (relaying, indexing) only while the node serves the
 * chain the database describes ({@link ChainIdentityUseCase}); otherwise a round does nothing and says so.
 */
public final class SameChainOnly {

    private SameChainOnly() {
    }

    /** The sender, whose rounds move nothing while the chain is not the database's. */
    public static SendOutboxUseCase outbox(ChainIdentityUseCase identity, SendOutboxUseCase sender) {
        return new SendOutboxUseCase() {
            @Override
            public Mono<Boolean> tick() {
                return identity.isSameChain().flatMap(same -> same ? sender.tick() : Mono.just(false));
            }

            @Override
            public Mono<Void> stop() {
                return sender.stop();
            }
        };
    }

    /** {@code task}, skipped while the chain is not the database's. */
    public static Supplier<Mono<Void>> task(ChainIdentityUseCase identity, Supplier<? extends Mono<?>> task) {
        return () -> identity.isSameChain().flatMap(same -> same ? task.get().then() : Mono.<Void>empty());
    }
}
