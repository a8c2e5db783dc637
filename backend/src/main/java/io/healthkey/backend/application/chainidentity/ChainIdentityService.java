package io.healthkey.backend.application.chainidentity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.domain.network.ChainFingerprint;
import reactor.core.publisher.Mono;

/**
 * {@link ChainIdentityUseCase} by fingerprint: the chain id and the hash of the deployment's start block, recorded at
 * the first start against an empty database and compared with the node's at most once per re-check interval. A
 * node that does not answer leaves the verdict UNKNOWN, which lets nothing through either.
 */
public final class ChainIdentityService implements ChainIdentityUseCase {

    private static final Logger log = LoggerFactory.getLogger(ChainIdentityService.class);

    private static final String WHAT_TO_DO = " Nothing is relayed or indexed until they match. On a dev stack the "
            + "chain was probably started afresh while the database kept the old one: start with a fresh database "
            + "(scripts/run.sh does so for its H2 database) or with a chain that kept its state. Otherwise point "
            + "healthkey.chain.rpc-url at the chain this database belongs to, or give this chain a database of its own.";

    private final ChainFingerprintPort database;
    private final ChainFingerprintSourcePort chain;
    private final long startBlock;
    private final Duration recheck;
    private final Clock clock;
    private volatile ChainIdentityVerdict verdict;

    public ChainIdentityService(ChainFingerprintPort database, ChainFingerprintSourcePort chain, long startBlock,
            Duration recheck, Clock clock) {
        this.database = database;
        this.chain = chain;
        this.startBlock = startBlock;
        this.recheck = recheck;
        this.clock = clock;
        this.verdict = ChainIdentityVerdict.unknown("not checked yet", Instant.EPOCH);
    }

    @Override
    public Mono<Boolean> isSameChain() {
        ChainIdentityVerdict last = verdict;
        Instant now = clock.instant();
        if (last.state() != ChainIdentityVerdict.State.UNKNOWN && now.isBefore(last.checkedAt().plus(recheck))) {
            return Mono.just(last.isSameChain());
        }
        return check(now).doOnNext(checked -> {
            if (checked.state() != last.state()) {
                checked.problem().ifPresentOrElse(problem -> log.warn("chain identity {}: {}", checked.state(), problem),
                        () -> log.info("chain identity {}: the node serves the chain this database describes",
                                checked.state()));
            }
            verdict = checked;
        }).map(ChainIdentityVerdict::isSameChain);
    }

    @Override
    public ChainIdentityVerdict verdict() {
        return verdict;
    }

    private Mono<ChainIdentityVerdict> check(Instant now) {
        return database.recorded()
                .flatMap(recorded -> chain.fingerprintAt(recorded.blockNumber())
                        .map(current -> compare(recorded, current, now))
                        .defaultIfEmpty(ChainIdentityVerdict.other("The node's chain has no block "
                                + recorded.blockNumber() + " yet, but this database describes a chain that had it."
                                + WHAT_TO_DO, now)))
                .switchIfEmpty(Mono.defer(() -> chain.fingerprintAt(startBlock)
                        .flatMap(current -> database.recordIfAbsent(current).map(kept -> compare(kept, current, now)))
                        .defaultIfEmpty(ChainIdentityVerdict.other("The node's chain has no block " + startBlock
                                + ", where the configured deployment starts: it is not the deployment's chain.", now))))
                .onErrorResume(failure -> Mono.just(ChainIdentityVerdict.unknown(
                        "could not compare the node's chain with the database's: " + failure.getMessage(), now)));
    }

    private static ChainIdentityVerdict compare(ChainFingerprint recorded, ChainFingerprint current, Instant now) {
        if (recorded.chainId() != current.chainId()) {
            return ChainIdentityVerdict.other("The node serves chain id " + current.chainId()
                    + ", but this database describes chain id " + recorded.chainId() + "." + WHAT_TO_DO, now);
        }
        if (!recorded.blockHash().equalsIgnoreCase(current.blockHash())) {
            return ChainIdentityVerdict.other("The node's block " + recorded.blockNumber() + " is "
                    + current.blockHash() + ", but this database describes a chain whose block "
                    + recorded.blockNumber() + " is " + recorded.blockHash() + ": another chain with the same id."
                    + WHAT_TO_DO, now);
        }
        return ChainIdentityVerdict.same(now);
    }
}
