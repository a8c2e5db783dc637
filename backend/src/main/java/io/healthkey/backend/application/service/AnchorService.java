package io.healthkey.backend.application.service;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.application.port.out.ChainRequestPort;
import io.healthkey.backend.application.port.out.ContentStorePort;
import io.healthkey.backend.application.port.out.RecordChainPort;
import io.healthkey.backend.application.port.out.RecordRepositoryPort;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCategory;
import io.healthkey.backend.domain.record.AnchorRequest;
import io.healthkey.backend.domain.record.RecordStatus;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.protocol.content.Cid;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Anchors stored record versions on chain in the background and records how each request ends. When a version
 * that supersedes another is mined, the older ciphertext is unpinned: it was encrypted under a key a revoked reader
 * may hold.
 *
 * <p>Requests live in the database; after a restart, {@link #resumeInterrupted()} finishes versions left anchoring:
 * those the chain already holds are marked mined, the others are sent again (the serial makes a second anchor of
 * one id impossible, so nothing is anchored twice).
 */
public final class AnchorService {

    private static final Logger log = LoggerFactory.getLogger(AnchorService.class);
    private static final int UNAVAILABLE_RETRIES = 5;
    private static final Duration UNAVAILABLE_BACKOFF = Duration.ofSeconds(2);

    private final RecordChainPort chain;
    private final RecordRepositoryPort records;
    private final ChainRequestPort requests;
    private final ContentStorePort content;
    private final Clock clock;

    public AnchorService(RecordChainPort chain, RecordRepositoryPort records, ChainRequestPort requests,
            ContentStorePort content, Clock clock) {
        this.chain = chain;
        this.records = records;
        this.requests = requests;
        this.content = content;
        this.clock = clock;
    }

    /** A new request to anchor {@code anchor}, accepted now. */
    ChainRequest newRequest(AnchorRequest anchor) {
        return ChainRequest.accepted(UUID.randomUUID().toString(), RelayKind.ANCHOR, anchor.author(),
                anchor.id().patient(), anchor.id().toHex(), clock.instant());
    }

    /** Sends the anchor without waiting for it; its end is written to the request and the version. */
    void startInBackground(ChainRequest request, AnchorRequest anchor) {
        send(request, anchor).subscribe(
                ignored -> { },
                failure -> log.error("anchoring {} did not finish; it is retried at the next start", request.id(),
                        failure));
    }

    /** Drives every version left anchoring by an earlier run to its end. */
    public Mono<Void> resumeInterrupted() {
        return records.anchoring()
                .concatMap(version -> requests.find(version.chainRequest().orElseThrow())
                        .flatMap(request -> resume(version, request)))
                .then();
    }

    private Mono<Void> resume(RecordVersion version, ChainRequest request) {
        AnchorRequest anchor = new AnchorRequest(version.id(), version.author(), version.cid().orElseThrow(),
                version.supersedes());
        return chain.anchored(version.id())
                .flatMap(anchored -> succeed(request, anchor, new MinedTransaction(anchored.transactionHash(),
                        anchored.blockNumber(), 0)))
                .switchIfEmpty(Mono.defer(() -> send(request, anchor)));
    }

    /**
     * Sends the anchor; a chain that does not answer is retried a few times, then the request stays accepted for
     * the next start. Any other failure is final: the version fails and its ciphertext is unpinned.
     */
    private Mono<Void> send(ChainRequest request, AnchorRequest anchor) {
        return chain.anchor(anchor)
                .retryWhen(Retry.backoff(UNAVAILABLE_RETRIES, UNAVAILABLE_BACKOFF).filter(AnchorService::isUnavailable)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .flatMap(mined -> succeed(request, anchor, mined))
                .onErrorResume(failure -> failure instanceof DomainException domain && !isUnavailable(domain),
                        failure -> fail(request, anchor, (DomainException) failure));
    }

    private static boolean isUnavailable(Throwable failure) {
        return failure instanceof DomainException domain && domain.errorCode().category() == ErrorCategory.UNAVAILABLE;
    }

    private Mono<Void> succeed(ChainRequest request, AnchorRequest anchor, MinedTransaction mined) {
        return records.updateStatus(anchor.id(), RecordStatus.ANCHORED)
                .then(requests.save(request.mined(mined, clock.instant())))
                .then(Mono.justOrEmpty(anchor.supersedes())
                        .flatMap(previous -> records.markSuperseded(previous, anchor.id())
                                .then(records.find(previous))
                                .flatMap(old -> Mono.justOrEmpty(old.cid()))
                                .flatMap(this::unpinQuietly)));
    }

    private Mono<Void> fail(ChainRequest request, AnchorRequest anchor, DomainException failure) {
        return records.updateStatus(anchor.id(), RecordStatus.FAILED)
                .then(requests.save(request.failed(failure.code(), failure.getMessage(), clock.instant())))
                .then(unpinQuietly(anchor.cid()));
    }

    private Mono<Void> unpinQuietly(Cid cid) {
        return content.unpin(cid).onErrorResume(failure -> {
            log.warn("could not unpin {}: {}", cid, failure.toString());
            return Mono.empty();
        });
    }
}
