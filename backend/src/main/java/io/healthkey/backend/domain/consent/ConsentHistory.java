package io.healthkey.backend.domain.consent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.index.ChainEvent;

/**
 * A patient's consent history, newest first: what the chain holds (the index's events) and, above it, what this
 * service accepted that the index does not hold yet, so that a revocation shows the moment it is accepted.
 */
public final class ConsentHistory {

    private ConsentHistory() {
    }

    /**
     * @param indexedUpTo the index's last block, read before {@code indexed}: a request mined at or below it whose
     *        event the index lacks is not on the chain the index follows (a reorganisation dropped it) and is left out
     * @param indexed the patient's consent events, newest first
     * @param relayed the patient's grant and revocation requests accepted here, failed ones excluded
     * @return the PENDING changes (newest accepted first), then the MINED ones in the order of {@code indexed}
     */
    public static List<ConsentChange> of(long indexedUpTo, List<ChainEvent.Consent> indexed,
            List<RelayedConsent> relayed) {
        List<Asked> asked = relayed.stream().map(r -> new Asked(r, RequestedConsent.of(r.request()))).toList();
        Set<String> sentRequests = new HashSet<>();
        List<ConsentChange> mined = new ArrayList<>();
        for (ChainEvent.Consent event : indexed) {
            Optional<ChainRequest> sender = asked.stream().filter(candidate -> candidate.sent(event))
                    .map(candidate -> candidate.relayed().request()).findFirst();
            sender.ifPresent(request -> sentRequests.add(request.id()));
            mined.add(ConsentChange.indexed(event, sender));
        }
        List<ConsentChange> history = new ArrayList<>();
        asked.stream()
                .filter(candidate -> candidate.terms().isPresent()) // none: accepted before V4, mined long ago
                .map(candidate -> ConsentChange.pending(candidate.relayed().request(), candidate.terms().get()))
                .filter(change -> !sentRequests.contains(change.request().orElseThrow().id()))
                .filter(change -> change.request().orElseThrow().transaction()
                        .map(tx -> tx.blockNumber() > indexedUpTo).orElse(true))
                .sorted(Comparator.comparing(ConsentChange::at).reversed()
                        .thenComparing(change -> change.request().orElseThrow().id()))
                .forEach(history::add);
        history.addAll(mined);
        return history;
    }

    /** A request accepted here, with its terms when it has them. */
    private record Asked(RelayedConsent relayed, Optional<RequestedConsent> terms) {

        /** Whether {@code event} came in one of this request's transactions and makes the change it asks for. */
        boolean sent(ChainEvent.Consent event) {
            return relayed.wasSentAs(event.at().transactionHash())
                    && terms.map(asked -> asked.isMadeBy(event)).orElse(true);
        }
    }
}
