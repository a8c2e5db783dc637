package io.healthkey.backend.application.recovery;

import java.time.Instant;

import io.healthkey.backend.domain.recovery.RecoveryEvent;
import io.healthkey.backend.domain.recovery.RecoveryRequest;
import io.healthkey.backend.domain.recovery.ShareTransfer;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Recovery requests, the share transfers guardians made for them, and each patient's recovery log. Holds shares only
 * as the guardians sent them, wrapped for a request's device key. Every write that changes a request's state stores
 * its log entry in the same transaction, so the log never misses a step nor shows one that did not happen.
 */
public interface RecoveryStorePort {

    /** Stores a new request, the guardians it names and its {@code REQUESTED} entry. */
    Mono<Void> create(RecoveryRequest request, RecoveryEvent requested);

    /** How many requests {@code patient} made at or after {@code since}. */
    Mono<Long> countSince(EthAddress patient, Instant since);

    Mono<RecoveryRequest> find(String id);

    /** The requests naming {@code guardian} that are still open at {@code now}, newest first. */
    Flux<RecoveryRequest> openFor(EthAddress guardian, Instant now);

    /**
     * Stores the transfer and its {@code SHARE_TRANSFERRED} entry; answers {@code false}, storing nothing, when the
     * guardian has a transfer for this request already (also when two arrive at once: one wins).
     */
    Mono<Boolean> addTransfer(ShareTransfer transfer, RecoveryEvent transferred);

    /** The transfers of a request, in the order they were accepted. */
    Flux<ShareTransfer> transfers(String requestId);

    /** Appends an entry that changes no state (a guardian fetched a kit). */
    Mono<Void> log(RecoveryEvent event);

    /** The newest {@code limit} entries of {@code patient}'s recovery log, newest first. */
    Flux<RecoveryEvent> log(EthAddress patient, int limit);
}
