package io.healthkey.backend.support.fakes;

import java.time.Instant;
import java.util.Set;

import io.healthkey.backend.application.outbox.SponsoredRelayCountPort;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/** The persistence adapter's count over the in-memory request table: the account's kinds accepted since, any status. */
public final class InMemorySponsoredRelays implements SponsoredRelayCountPort {

    private final InMemoryChainRequests requests;

    public InMemorySponsoredRelays(InMemoryChainRequests requests) {
        this.requests = requests;
    }

    @Override
    public Mono<Long> countAccepted(EthAddress account, Set<RelayKind> kinds, Instant since) {
        return Mono.fromCallable(() -> requests.all().stream()
                .filter(request -> request.account().equals(account) && kinds.contains(request.kind())
                        && !request.acceptedAt().isBefore(since))
                .count());
    }
}
