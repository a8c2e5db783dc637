package io.healthkey.backend.application.identity;

import io.healthkey.backend.domain.audit.AuditAccess;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;

/** {@link IdentityHistoryUseCase}: the patient's own history only, like every audit view. */
public final class IdentityHistoryService implements IdentityHistoryUseCase {

    private final IdentityHistoryPort index;

    public IdentityHistoryService(IdentityHistoryPort index) {
        this.index = index;
    }

    @Override
    public Flux<ChainEvent.AccountRecovery> history(EthAddress viewer, EthAddress patient) {
        return Flux.defer(() -> {
            AuditAccess.requireSelf(viewer, patient);
            return index.stepsOf(patient, LIMIT);
        });
    }
}
