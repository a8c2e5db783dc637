package io.healthkey.backend.application.outbox;

import java.util.Collection;
import java.util.Map;

import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.ChainRequestStatus;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** On-chain requests (the outbox entries) and their state, so clients can follow them by id. */
public interface ChainRequestPort {

    /** Inserts the request, or replaces the stored one with the same id. */
    Mono<Void> save(ChainRequest request);

    /** Inserts a new request (one statement where {@link #save} may need two); fails if its id is stored. */
    Mono<Void> insert(ChainRequest request);

    Mono<ChainRequest> find(String id);

    /** Requests waiting to be signed (ACCEPTED, with a call), oldest first. */
    Flux<ChainRequest> waiting(int limit);

    /** The requests relayer transaction {@code outboxTransactionId} carries. */
    Flux<ChainRequest> carriedBy(String outboxTransactionId);

    /** The requests any of {@code outboxTransactionIds} carries, in one query. */
    Flux<ChainRequest> carriedByAny(Collection<String> outboxTransactionIds);

    /** The requests {@code account} made that are not final yet (ACCEPTED, SENT or MINED), oldest first. */
    Flux<ChainRequest> unsettled(EthAddress account);

    /**
     * The accounts with a request SENT and not yet mined, anchors aside (they carry no account nonce): the sender
     * holds such an account's next request until that one is mined, so that it is simulated after it.
     */
    Flux<EthAddress> sendingAccounts();

    /** How many requests are in each status: the outbox depth. */
    Mono<Map<ChainRequestStatus, Long>> countByStatus();
}
