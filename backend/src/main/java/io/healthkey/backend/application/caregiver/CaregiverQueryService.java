package io.healthkey.backend.application.caregiver;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.healthkey.backend.application.index.CaregiverIndexPort;
import io.healthkey.backend.domain.audit.AuditAccess;
import io.healthkey.backend.domain.caregiver.CaregiverAction;
import io.healthkey.backend.domain.caregiver.CaregiverView;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link CaregiverQueryUseCase} over the caregiver events the index stored. */
public final class CaregiverQueryService implements CaregiverQueryUseCase {

    private final CaregiverIndexPort index;
    private final Clock clock;

    public CaregiverQueryService(CaregiverIndexPort index, Clock clock) {
        this.index = index;
        this.clock = clock;
    }

    @Override
    public Mono<List<CaregiverView>> caregiversOf(EthAddress viewer, EthAddress patient) {
        return Mono.fromRunnable(() -> AuditAccess.requireSelf(viewer, patient))
                .then(latestPerPair(index.changesOfPatient(patient), ChainEvent.CaregiverChange::caregiver));
    }

    @Override
    public Mono<List<CaregiverView>> patientsOf(EthAddress viewer, EthAddress caregiver) {
        return Mono.fromRunnable(() -> requireCaregiverItself(viewer, caregiver))
                .then(latestPerPair(index.changesOfCaregiver(caregiver), ChainEvent.CaregiverChange::patient));
    }

    @Override
    public Mono<List<CaregiverAction>> grantsBy(EthAddress viewer, EthAddress caregiver, EthAddress patient) {
        return Mono.fromRunnable(() -> requireCaregiverItself(viewer, caregiver))
                .then(index.consentsByCaregivers(patient)
                        .filter(consent -> consent.caregiver().equals(caregiver))
                        .collectList())
                .map(newestFirst -> {
                    Map<ChainEvent.GrantKey, CaregiverAction> latest = new LinkedHashMap<>();
                    newestFirst.forEach(consent -> latest.putIfAbsent(consent.key(), CaregiverAction.of(consent)));
                    return List.copyOf(latest.values());
                });
    }

    @Override
    public Mono<List<CaregiverAction>> actionsFor(EthAddress viewer, EthAddress patient) {
        return Mono.fromRunnable(() -> AuditAccess.requireSelf(viewer, patient))
                .then(Flux.merge(index.changesOfPatient(patient).map(CaregiverAction::of),
                                index.consentsByCaregivers(patient).map(CaregiverAction::of))
                        .collectList())
                .map(actions -> {
                    List<CaregiverAction> newestFirst = new ArrayList<>(actions);
                    newestFirst.sort(Comparator.comparingLong(CaregiverAction::block).reversed());
                    return List.copyOf(newestFirst);
                });
    }

    private static void requireCaregiverItself(EthAddress viewer, EthAddress caregiver) {
        if (!viewer.equals(caregiver)) {
            throw new DomainException(ErrorCode.REQUEST_NOT_PATIENT, "only the caregiver sees its own patients and grants");
        }
    }

    /** From a history newest first: per counterpart, its latest change and latest appointment. */
    private Mono<List<CaregiverView>> latestPerPair(Flux<ChainEvent.CaregiverChange> newestFirst,
            Function<ChainEvent.CaregiverChange, EthAddress> counterpart) {
        return newestFirst.collectList().map(changes -> {
            Map<EthAddress, ChainEvent.CaregiverChange> latest = new LinkedHashMap<>();
            Map<EthAddress, ChainEvent.CaregiverChange> appointment = new LinkedHashMap<>();
            for (ChainEvent.CaregiverChange change : changes) {
                latest.putIfAbsent(counterpart.apply(change), change);
                if (!change.revoked()) {
                    appointment.putIfAbsent(counterpart.apply(change), change);
                }
            }
            List<CaregiverView> views = new ArrayList<>();
            latest.forEach((who, change) -> {
                if (appointment.containsKey(who)) {
                    views.add(CaregiverView.of(change, appointment.get(who), clock.instant()));
                }
            });
            return List.copyOf(views);
        });
    }
}
