package io.healthkey.backend.application.record;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.application.outbox.ChainRequestEffects;
import io.healthkey.backend.application.outbox.OutboxAcceptor;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.SubjectOnlyIntent;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.AnchorRequest;
import io.healthkey.backend.domain.record.RecordStatus;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import reactor.core.publisher.Mono;

/**
 * Anchors stored record versions through the outbox, and records how each ends. When a version that supersedes
 * another is confirmed on chain, the older ciphertext is unpinned: it was encrypted under a key a revoked reader
 * may hold. A failed version's ciphertext is unpinned too, unless the chain anchors it: an anchor that reverts
 * because its id is taken ({@code RECORD-0004}) may have been taken by this very version, sent before (a database
 * restored to a point before that transaction mined resends it); then the version is anchored, as the chain says.
 * Restarts need nothing here: the outbox is durable.
 */
public final class AnchorService implements ChainRequestEffects {

    private static final Logger log = LoggerFactory.getLogger(AnchorService.class);

    private final RecordRegistryPort chain;
    private final RecordRepositoryPort records;
    private final ContentStorePort content;
    private final OutboxAcceptor outbox;

    public AnchorService(RecordRegistryPort chain, RecordRepositoryPort records, ContentStorePort content,
            OutboxAcceptor outbox) {
        this.chain = chain;
        this.records = records;
        this.content = content;
        this.outbox = outbox;
    }

    /** A new request to anchor {@code anchor}, not yet stored. */
    ChainRequest newRequest(AnchorRequest anchor) {
        return outbox.newRequest(RelayKind.ANCHOR, anchor.author(), anchor.id().patient(), anchor.id().toHex(),
                chain.anchorCall(anchor), SubjectOnlyIntent.INSTANCE);
    }

    /** Completes if an anchor by {@code author} would be sponsored now; fails with {@code LIMIT-0002} if not. */
    Mono<Void> requireSponsorship(EthAddress author) {
        return outbox.requireSponsorship(author, RelayKind.ANCHOR);
    }

    /** Stores the request with whatever {@code alongside} stores, atomically. */
    Mono<ChainRequest> accept(ChainRequest request, Mono<Void> alongside) {
        return outbox.accept(request, alongside);
    }

    @Override
    public Mono<Void> onConfirmed(ChainRequest request) {
        RecordId id = recordOf(request);
        return records.updateStatus(id, RecordStatus.ANCHORED)
                .then(records.find(id))
                .flatMap(version -> Mono.justOrEmpty(version.supersedes()))
                .flatMap(previous -> records.markSuperseded(previous, id)
                        .then(records.find(previous))
                        .flatMap(old -> Mono.justOrEmpty(old.cid()))
                        .flatMap(this::unpinQuietly));
    }

    @Override
    public Mono<Void> onFailed(ChainRequest request) {
        RecordId id = recordOf(request);
        if (!request.failureCode().equals(Optional.of(ErrorCode.RECORD_ID_TAKEN.code()))) {
            return fail(id, true);
        }
        return records.find(id).flatMap(version -> takenBy(version).flatMap(taker -> switch (taker) {
            case THIS_VERSION -> onConfirmed(request);
            case ANOTHER -> fail(id, true);
            case UNKNOWN -> fail(id, false);
        }));
    }

    /** Who anchored the id of {@code version}, whose anchor failed as taken. */
    private Mono<IdTakenBy> takenBy(RecordVersion version) {
        return chain.anchored(version.id())
                .map(anchored -> version.cid().equals(Optional.of(anchored.cid())) ? IdTakenBy.THIS_VERSION
                        : IdTakenBy.ANOTHER)
                .defaultIfEmpty(IdTakenBy.ANOTHER)
                .onErrorResume(unknown -> {
                    log.warn("the anchor of {} failed as taken, and the chain could not say by what: the version"
                            + " fails, its ciphertext stays pinned ({})", version.id(), unknown.toString());
                    return Mono.just(IdTakenBy.UNKNOWN);
                });
    }

    private enum IdTakenBy { THIS_VERSION, ANOTHER, UNKNOWN }

    /** Marks the version FAILED, and unpins its ciphertext if {@code unpin}. */
    private Mono<Void> fail(RecordId id, boolean unpin) {
        return records.updateStatus(id, RecordStatus.FAILED)
                .then(records.find(id))
                .flatMap(version -> unpin ? Mono.justOrEmpty(version.cid()) : Mono.empty())
                .flatMap(this::unpinQuietly);
    }

    private static RecordId recordOf(ChainRequest request) {
        return RecordId.fromBytes32(Bytes32.parse(request.subject()));
    }

    private Mono<Void> unpinQuietly(Cid cid) {
        return content.unpin(cid).onErrorResume(failure -> {
            log.warn("could not unpin {}: {}", cid, failure.toString());
            return Mono.empty();
        });
    }
}
