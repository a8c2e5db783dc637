package io.healthkey.backend.application.caregiver;

import java.util.Map;
import java.util.Optional;

import io.healthkey.backend.application.audit.AuditUseCase;
import io.healthkey.backend.application.audit.AuditedRead;
import io.healthkey.backend.application.audit.AuditedRecord;
import io.healthkey.backend.application.index.CaregiverIndexPort;
import io.healthkey.backend.domain.audit.Page;
import io.healthkey.backend.domain.audit.PageRequest;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.consent.ConsentChange;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The patient's audit, its consent history saying which changes a caregiver signed ("by caregiver X"): a mined
 * change by the caregiver event of its transaction, a pending one by the account of its request. The rest is the
 * audit it wraps, unchanged.
 */
public final class CaregiverConsentHistory implements AuditUseCase {

    private final AuditUseCase audit;
    private final CaregiverIndexPort caregivers;

    public CaregiverConsentHistory(AuditUseCase audit, CaregiverIndexPort caregivers) {
        this.audit = audit;
        this.caregivers = caregivers;
    }

    @Override
    public Mono<Page<ConsentChange>> consents(EthAddress viewer, EthAddress patient, PageRequest page) {
        return audit.consents(viewer, patient, page).flatMap(changes -> caregivers.consentsByCaregivers(patient)
                .collectMap(CaregiverConsentHistory::slotInTransaction, ChainEvent.CaregiverConsent::caregiver)
                .map(byTransaction -> new Page<>(changes.items().stream()
                        .map(change -> signer(change, patient, byTransaction).map(change::byCaregiver)
                                .orElse(change))
                        .toList(), changes.next())));
    }

    private static Optional<EthAddress> signer(ConsentChange change, EthAddress patient,
            Map<String, EthAddress> byTransaction) {
        if (change.event().isPresent()) {
            return Optional.ofNullable(byTransaction.get(change.event().get().transactionHash() + change.key()));
        }
        return change.request().map(ChainRequest::account).filter(account -> !account.equals(patient));
    }

    private static String slotInTransaction(ChainEvent.CaregiverConsent consent) {
        return consent.at().transactionHash() + consent.key();
    }

    @Override
    public Mono<Page<AuditedRecord>> records(EthAddress viewer, EthAddress patient, PageRequest page) {
        return audit.records(viewer, patient, page);
    }

    @Override
    public Mono<Page<AuditedRead>> reads(EthAddress viewer, EthAddress patient, PageRequest page) {
        return audit.reads(viewer, patient, page);
    }

    @Override
    public Mono<ChainRequest> chainRequest(EthAddress viewer, String id) {
        return audit.chainRequest(viewer, id);
    }

    @Override
    public Flux<ChainRequest> chainRequestChanges(EthAddress viewer, String id) {
        return audit.chainRequestChanges(viewer, id);
    }
}
