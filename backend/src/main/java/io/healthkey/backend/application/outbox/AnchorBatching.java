package io.healthkey.backend.application.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.protocol.EthAddress;

/**
 * Groups waiting requests into units, one relayer transaction each. Non-anchors go singly, one per account, and
 * only once the account's previous request is mined: an account's next signed message (its contract nonce, as a
 * patient's consent intents are queued in nonce order) only simulates well on a state that holds the one before.
 * Anchors go in batches of up to {@link OutboxPolicy#maxBatch()}, once the oldest has waited
 * {@link OutboxPolicy#batchWindow()} or a batch is full.
 */
final class AnchorBatching {

    private final OutboxPolicy policy;
    private final Function<List<ChainCall>, ChainCall> anchorBatch;

    /** {@code anchorBatch} makes one call that anchors every anchor call it is given. */
    AnchorBatching(OutboxPolicy policy, Function<List<ChainCall>, ChainCall> anchorBatch) {
        this.policy = policy;
        this.anchorBatch = anchorBatch;
    }

    /**
     * The units ready to go at {@code now} out of {@code waiting} (oldest first), in that order; {@code sending}
     * are the accounts with a request sent and not yet mined.
     */
    List<List<ChainRequest>> units(List<ChainRequest> waiting, Instant now, Set<EthAddress> sending) {
        List<List<ChainRequest>> units = new ArrayList<>();
        List<ChainRequest> anchors = new ArrayList<>();
        Set<EthAddress> accounts = new HashSet<>(sending);
        for (ChainRequest request : waiting) {
            if (request.kind() == RelayKind.ANCHOR) {
                anchors.add(request);
            } else if (accounts.add(request.account())) {
                units.add(List.of(request));
            }
        }
        for (int from = 0; from < anchors.size(); from += policy.maxBatch()) {
            List<ChainRequest> batch = anchors.subList(from, Math.min(anchors.size(), from + policy.maxBatch()));
            boolean ready = batch.size() == policy.maxBatch()
                    || !batch.get(0).acceptedAt().plus(policy.batchWindow()).isAfter(now);
            if (ready) {
                units.add(List.copyOf(batch));
            }
        }
        return units;
    }

    /** The call that carries {@code unit}: its own for one request, the batch call for several anchors. */
    ChainCall callOf(List<ChainRequest> unit) {
        return unit.size() == 1 ? unit.get(0).call().orElseThrow()
                : anchorBatch.apply(unit.stream().map(request -> request.call().orElseThrow()).toList());
    }
}
