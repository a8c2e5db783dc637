package io.healthkey.backend.support.fakes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import reactor.core.publisher.Flux;

import io.healthkey.backend.application.index.CaregiverIndexPort;
import io.healthkey.backend.application.index.CaregiverPairs;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.protocol.EthAddress;

/** Caregiver events as the index stores them, newest first in every history; a test adds them in chain order. */
public final class InMemoryCaregiverEvents implements CaregiverIndexPort {

    public final List<ChainEvent> events = new ArrayList<>();

    @Override
    public Flux<CaregiverPairs.Pair> caregiverPairs() {
        return Flux.fromStream(() -> events.stream().map(event -> event instanceof ChainEvent.CaregiverChange change
                ? new CaregiverPairs.Pair(change.patient(), change.caregiver())
                : new CaregiverPairs.Pair(((ChainEvent.CaregiverConsent) event).key().patient(),
                        ((ChainEvent.CaregiverConsent) event).key().grantee())).distinct());
    }

    @Override
    public Flux<ChainEvent.CaregiverChange> changesOfPatient(EthAddress patient) {
        return newestFirst(ChainEvent.CaregiverChange.class).filter(change -> change.patient().equals(patient));
    }

    @Override
    public Flux<ChainEvent.CaregiverChange> changesOfCaregiver(EthAddress caregiver) {
        return newestFirst(ChainEvent.CaregiverChange.class).filter(change -> change.caregiver().equals(caregiver));
    }

    @Override
    public Flux<ChainEvent.CaregiverConsent> consentsByCaregivers(EthAddress patient) {
        return newestFirst(ChainEvent.CaregiverConsent.class)
                .filter(consent -> consent.key().patient().equals(patient));
    }

    private <T extends ChainEvent> Flux<T> newestFirst(Class<T> type) {
        return Flux.fromStream(() -> events.stream().filter(type::isInstance).map(type::cast)
                .sorted(Comparator.comparing((T event) -> event.at().blockNumber())
                        .thenComparing(event -> event.at().logIndex()).reversed()));
    }
}
