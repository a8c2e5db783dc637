package io.healthkey.backend.adapter.inbound.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.chainidentity.ChainIdentityUseCase;
import io.healthkey.backend.application.chainidentity.ChainIdentityVerdict;

/**
 * DOWN when the node serves another chain than the one the database describes (nothing is relayed or indexed
 * then), with what to do; UNKNOWN until the chain could be compared.
 */
@Component("chainIdentity")
class ChainIdentityHealthIndicator implements ReactiveHealthIndicator {

    private final ChainIdentityUseCase identity;

    ChainIdentityHealthIndicator(ChainIdentityUseCase identity) {
        this.identity = identity;
    }

    @Override
    public Mono<Health> health() {
        return identity.isSameChain().then(Mono.fromSupplier(() -> {
            ChainIdentityVerdict verdict = identity.verdict();
            Health.Builder health = switch (verdict.state()) {
                case SAME -> Health.up();
                case OTHER -> Health.down();
                case UNKNOWN -> Health.unknown();
            };
            verdict.problem().ifPresent(problem -> health.withDetail("problem", problem));
            return health.build();
        }));
    }
}
