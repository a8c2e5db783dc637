package io.healthkey.backend.adapter.outbound.persistence;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.access.PendingRevocationPort;
import io.healthkey.backend.application.consent.RelayedConsentPort;
import io.healthkey.backend.domain.chain.CaregiverIntent;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.consent.PendingCaregiverRevocation;
import io.healthkey.backend.domain.consent.PendingRevocation;
import io.healthkey.backend.domain.consent.RelayedConsent;
import io.healthkey.backend.domain.consent.RequestedConsent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.protocol.EthAddress;

/**
 * {@link RelayedConsentPort} and {@link PendingRevocationPort} on R2DBC: reads of the outbox's {@code chain_request}
 * (and {@code outbox_attempt}) rows, by patient (index {@code chain_request_patient}) or by kind and status
 * ({@code chain_request_revocation}).
 */
@Component
class ConsentRequestAdapter implements RelayedConsentPort, PendingRevocationPort {

    private final DatabaseClient database;

    ConsentRequestAdapter(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Flux<RelayedConsent> ofPatient(EthAddress patient) {
        return database.sql(ChainRequestAdapter.SELECT + " WHERE patient = :patient"
                        + " AND kind IN ('GRANT', 'REVOCATION') AND status <> 'FAILED'")
                .bind("patient", patient.toString())
                .map(ChainRequestAdapter::toRequest)
                .all()
                .collectList()
                .flatMapMany(requests -> attemptHashes(requests).flatMapMany(hashes -> Flux.fromIterable(requests)
                        .map(request -> new RelayedConsent(request, request.outboxTransaction()
                                .map(transaction -> Set.copyOf(hashes.getOrDefault(transaction, List.of())))
                                .orElse(Set.of())))));
    }

    /** The hashes of every signed attempt of the relayer transactions carrying {@code requests}, by transaction. */
    private Mono<Map<String, Collection<String>>> attemptHashes(List<ChainRequest> requests) {
        List<String> transactions = requests.stream().map(ChainRequest::outboxTransaction)
                .flatMap(Optional::stream).distinct().toList();
        if (transactions.isEmpty()) {
            return Mono.just(Map.of());
        }
        return database.sql("SELECT transaction_id, hash FROM outbox_attempt WHERE transaction_id IN (:transactions)")
                .bind("transactions", transactions)
                .map(row -> Map.entry(row.get("transaction_id", String.class), row.get("hash", String.class)))
                .all()
                .collectMultimap(Map.Entry::getKey, Map.Entry::getValue);
    }

    @Override
    public Flux<PendingRevocation> accepted(long minedAbove) {
        return notFinalOrMinedAbove("REVOCATION", minedAbove)
                .flatMap(request -> Mono.justOrEmpty(RequestedConsent.of(request)) // none: accepted before V4
                        .map(terms -> new PendingRevocation(terms.key(), minedIn(request))));
    }

    @Override
    public Flux<PendingCaregiverRevocation> acceptedCaregiverRevocations(long minedAbove) {
        return notFinalOrMinedAbove("CAREGIVER_REVOCATION", minedAbove)
                .filter(request -> request.intent() instanceof CaregiverIntent.Revocation)
                .map(request -> new PendingCaregiverRevocation(request.patient(),
                        ((CaregiverIntent.Revocation) request.intent()).caregiver(), minedIn(request)));
    }

    @Override
    public Flux<GrantKey> grantsSignedBy(EthAddress patient, EthAddress caregiver) {
        return database.sql(ChainRequestAdapter.SELECT + " WHERE patient = :patient AND account = :caregiver"
                        + " AND kind = 'GRANT' AND status <> 'FAILED'")
                .bind("patient", patient.toString())
                .bind("caregiver", caregiver.toString())
                .map(ChainRequestAdapter::toRequest)
                .all()
                .flatMap(request -> Mono.justOrEmpty(RequestedConsent.of(request)).map(RequestedConsent::key));
    }

    private Flux<ChainRequest> notFinalOrMinedAbove(String kind, long minedAbove) {
        return database.sql(ChainRequestAdapter.SELECT + " WHERE kind = :kind"
                        + " AND (status IN ('ACCEPTED', 'SENT') OR status IN ('MINED', 'CONFIRMED')"
                        + " AND block_number > :above)")
                .bind("kind", kind)
                .bind("above", minedAbove)
                .map(ChainRequestAdapter::toRequest)
                .all();
    }

    private static OptionalLong minedIn(ChainRequest request) {
        return request.transaction().map(mined -> OptionalLong.of(mined.blockNumber())).orElse(OptionalLong.empty());
    }
}
