package io.healthkey.backend.application.outbox;

import java.time.Instant;
import java.util.Set;

import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/** Counts what the outbox accepted per account, for {@link RelaySponsorship}. */
public interface SponsoredRelayCountPort {

    /**
     * How many requests of one of {@code kinds} the outbox accepted for {@code account} at or after {@code since},
     * whatever their status now (a failed transaction was paid for too).
     */
    Mono<Long> countAccepted(EthAddress account, Set<RelayKind> kinds, Instant since);
}
