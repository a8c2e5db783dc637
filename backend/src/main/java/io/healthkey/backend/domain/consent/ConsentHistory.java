package io.healthkey.backend.domain.consent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Map<RelayedConsent, RequestedConsent> asked = new LinkedHashMap<>();
        relayed.forEach(request -> asked.put(request, RequestedConsent.of(request.request())));
        Set<String> sentRequests = new HashSet<>();
        List<ConsentChange> mined = new ArrayList<>();
        for (ChainEvent.Consent event : indexed) {
            Optional<ChainRequest> sender = asked.entrySet().stream()
                    .filter(candidate -> candidate.getKey().wasSentAs(event.at().transactionHash())
                            && candidate.getValue().isMadeBy(event))
                    .map(candidate -> candidate.getKey().request())
                    .findFirst();
            sender.ifPresent(request -> sentRequests.add(request.id()));
            mined.add(ConsentChange.indexed(event, sender));
        }
        List<ConsentChange> history = new ArrayList<>();
        relayed.stream()
                .map(RelayedConsent::request)
                .filter(request -> !sentRequests.contains(request.id()))
                .filter(request -> request.transaction().map(tx -> tx.blockNumber() > indexedUpTo).orElse(true))
                .sorted(Comparator.comparing(ChainRequest::acceptedAt).reversed().thenComparing(ChainRequest::id))
                .map(ConsentChange::pending)
                .forEach(history::add);
        history.addAll(mined);
        return history;
    }
}
