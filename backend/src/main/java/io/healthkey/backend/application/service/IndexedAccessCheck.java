package io.healthkey.backend.application.service;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.application.port.in.AccessCheckUseCase;
import io.healthkey.backend.application.port.out.ConsentChainPort;
import io.healthkey.backend.application.port.out.EventIndexQueryPort;
import io.healthkey.backend.domain.consent.AccessDecision;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.index.AccessRule;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.IndexAnswer;
import io.healthkey.backend.domain.index.IndexSettings;
import io.healthkey.backend.domain.index.IndexStatus;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.protocol.Bytes32;
import reactor.core.publisher.Mono;

/**
 * {@link AccessCheckUseCase}: answers from the index's projections with {@link AccessRule} when the index holds
 * every block up to a fresh head; otherwise, or when the rule is in doubt, asks the chain's {@code hasAccess}; when
 * the chain cannot answer either, denies (the decision's block is then -1).
 *
 * <p>Pending revocations live in memory: the component that queues revocations re-announces its queue after a
 * restart. A pending mark is dropped once the index has seen the key's revocation.
 */
public final class IndexedAccessCheck implements AccessCheckUseCase {

    private static final Logger log = LoggerFactory.getLogger(IndexedAccessCheck.class);

    private final EventIndexer indexer;
    private final EventIndexQueryPort index;
    private final ConsentChainPort chain;
    private final Clock clock;
    private final Set<GrantKey> pending = ConcurrentHashMap.newKeySet();

    public IndexedAccessCheck(EventIndexer indexer, EventIndexQueryPort index, ConsentChainPort chain, Clock clock) {
        this.indexer = indexer;
        this.index = index;
        this.chain = chain;
        this.clock = clock;
    }

    @Override
    public Mono<AccessDecision> check(AccessQuery query) {
        IndexSettings settings = indexer.settings();
        IndexStatus status = indexer.status();
        if (!status.isCurrent(clock.instant(), settings.freshness())) {
            return askChain(query);
        }
        IndexedBlock head = status.cursor().orElseThrow();
        AccessRule rule = new AccessRule(head.number(), head.time(), clock.instant().getEpochSecond(),
                settings.confirmations(), settings.doubtSeconds());
        var scopes = AccessRule.scopesFor(query);
        return index.grants(query.patient(), query.grantee(), query.action().code(), scopes)
                .zipWith(index.provider(query.grantee()))
                .flatMap(found -> {
                    if (!indexer.status().cursor().equals(status.cursor())) {
                        return askChain(query); // the index moved (or rolled back) while it was read
                    }
                    found.getT1().stream().filter(g -> g.revoked()).forEach(g -> pending.remove(
                            new GrantKey(query.patient(), query.grantee(), g.scope(), query.action().code())));
                    IndexAnswer answer = rule.decide(query, found.getT1(), found.getT2(), pendingScopes(query));
                    return switch (answer) {
                        case ALLOW -> Mono.just(new AccessDecision(query, true, head.number()));
                        case DENY -> Mono.just(new AccessDecision(query, false, head.number()));
                        case ASK_CHAIN -> askChain(query);
                    };
                })
                .onErrorResume(failure -> {
                    log.warn("index lookup failed, asking the chain: {}", failure.toString());
                    return askChain(query);
                });
    }

    @Override
    public void markRevocationPending(GrantKey key) {
        pending.add(key);
    }

    @Override
    public void observeMined(long blockNumber) {
        indexer.observeHead(blockNumber);
    }

    @Override
    public void clearPendingRevocation(GrantKey key) {
        pending.remove(key);
    }

    private Set<Bytes32> pendingScopes(AccessQuery query) {
        if (pending.isEmpty()) {
            return Set.of();
        }
        return pending.stream()
                .filter(key -> key.patient().equals(query.patient()) && key.grantee().equals(query.grantee())
                        && key.action() == query.action().code())
                .map(GrantKey::scope)
                .collect(Collectors.toSet());
    }

    /** The chain's answer; a pending revocation still denies, and a chain that cannot answer denies. */
    private Mono<AccessDecision> askChain(AccessQuery query) {
        if (!pendingScopes(query).isEmpty()) {
            return Mono.just(new AccessDecision(query, false, indexer.status().head()));
        }
        return chain.hasAccess(query).onErrorResume(failure -> {
            log.warn("hasAccess unavailable, denying: {}", failure.toString());
            return Mono.just(new AccessDecision(query, false, -1));
        });
    }
}
