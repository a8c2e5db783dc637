package io.healthkey.backend.application.caregiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.domain.caregiver.CaregiverAction;
import io.healthkey.backend.domain.caregiver.CaregiverAppointment.Status;
import io.healthkey.backend.domain.caregiver.CaregiverView;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.backend.support.MutableClock;
import io.healthkey.backend.support.Patients;
import io.healthkey.backend.support.fakes.InMemoryCaregiverEvents;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

/** A patient's caregivers, a caregiver's patients and the caregiver actions, from the index's events. */
class CaregiverQueryServiceTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Bytes32 OBSERVATIONS = Bytes32.fromUint256(java.math.BigInteger.TWO);

    private final EthAddress child = Patients.newAddress();
    private final EthAddress parent = Patients.newAddress();
    private final EthAddress grandparent = Patients.newAddress();
    private final EthAddress paediatrician = Patients.newAddress();
    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryCaregiverEvents events = new InMemoryCaregiverEvents();
    private final CaregiverQueryService service = new CaregiverQueryService(events, clock);

    @Test
    void eachCaregiverShowsItsLatestAppointmentAndWhereItStands() {
        events.events.add(appointed(1, parent, T0.plusSeconds(3600)));
        events.events.add(appointed(2, grandparent, T0.plusSeconds(60)));
        events.events.add(new ChainEvent.CaregiverChange(at(3), child, child, parent, Optional.empty(), List.of(), 0, 0,
                2, true));
        clock.now = T0.plusSeconds(120);

        List<CaregiverView> caregivers = service.caregiversOf(child, child).block();

        assertThat(caregivers).extracting(CaregiverView::caregiver, CaregiverView::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(parent, Status.REVOKED),
                        org.assertj.core.groups.Tuple.tuple(grandparent, Status.EXPIRED));
        assertThat(caregivers.get(0).scopes()).containsExactly(OBSERVATIONS);
        assertThat(caregivers.get(0).powers()).isEqualTo(5);
        assertThat(caregivers).extracting(CaregiverView::rekeyAdvised).as("revoked: re-keyed by the revocation")
                .containsExactly(false, true);
        assertThat(service.patientsOf(parent, parent).block()).singleElement()
                .satisfies(view -> assertThat(view.patient()).isEqualTo(child));
    }

    @Test
    void onlyAnExpiredCaregiverThatCouldReadIsFlaggedForReKeying() {
        events.events.add(appointed(1, parent, T0.plusSeconds(3600)));
        events.events.add(new ChainEvent.CaregiverChange(at(2), child, child, grandparent, Optional.of(child),
                List.of(OBSERVATIONS), 2, T0.plusSeconds(60).getEpochSecond(), 1, false)); // WRITE only
        assertThat(service.caregiversOf(child, child).block()).extracting(CaregiverView::rekeyAdvised)
                .as("both live").containsExactly(false, false);

        clock.now = T0.plusSeconds(3600);
        assertThat(service.caregiversOf(child, child).block())
                .extracting(CaregiverView::caregiver, CaregiverView::status, CaregiverView::rekeyAdvised)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(parent, Status.EXPIRED, true),
                        org.assertj.core.groups.Tuple.tuple(grandparent, Status.EXPIRED, false));
    }

    @Test
    void actionsSayWhoActedNewestFirst() {
        events.events.add(appointed(1, parent, T0.plusSeconds(3600)));
        events.events.add(new ChainEvent.CaregiverConsent(at(2), child, parent,
                new GrantKey(child, paediatrician, OBSERVATIONS, 1), 1, false));

        List<CaregiverAction> actions = service.actionsFor(child, child).block();

        assertThat(actions).extracting(CaregiverAction::kind, CaregiverAction::by).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CaregiverAction.Kind.GRANTED, parent),
                org.assertj.core.groups.Tuple.tuple(CaregiverAction.Kind.APPOINTED, child));
        assertThat(actions.get(0).grantee()).contains(paediatrician);
    }

    @Test
    void aCaregiverSeesItsOwnLatestGrantPerGranteeScopeAndActionNewestFirst() {
        EthAddress cardiologist = Patients.newAddress();
        GrantKey paediatricianReads = new GrantKey(child, paediatrician, OBSERVATIONS, 1);
        events.events.add(new ChainEvent.CaregiverConsent(at(2), child, parent, paediatricianReads, 1, false));
        events.events.add(new ChainEvent.CaregiverConsent(at(3), child, parent,
                new GrantKey(child, cardiologist, OBSERVATIONS, 1), 1, false));
        events.events.add(new ChainEvent.CaregiverConsent(at(4), child, parent, paediatricianReads, 1, true));
        events.events.add(new ChainEvent.CaregiverConsent(at(5), child, grandparent,
                new GrantKey(child, paediatrician, OBSERVATIONS, 2), 1, false));

        List<CaregiverAction> grants = service.grantsBy(parent, parent, child).block();

        assertThat(grants).extracting(CaregiverAction::kind, action -> action.grantee().orElseThrow()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CaregiverAction.Kind.REVOKED, paediatrician),
                org.assertj.core.groups.Tuple.tuple(CaregiverAction.Kind.GRANTED, cardiologist));
        assertThat(grants).allSatisfy(grant -> assertThat(grant.by()).isEqualTo(parent));
        assertThat(service.grantsBy(grandparent, grandparent, child).block()).singleElement()
                .satisfies(grant -> assertThat(grant.powersOrAction()).as("WRITE").isEqualTo(2));
    }

    @Test
    void onlyThePatientSeesItsCaregiversAndOnlyTheCaregiverItsPatients() {
        for (var answer : List.of(service.caregiversOf(parent, child), service.actionsFor(paediatrician, child),
                service.patientsOf(child, parent), service.grantsBy(child, parent, child),
                service.grantsBy(grandparent, parent, child))) {
            assertThatThrownBy(answer::block).isInstanceOfSatisfying(DomainException.class,
                    refused -> assertThat(refused.errorCode()).isEqualTo(ErrorCode.REQUEST_NOT_PATIENT));
        }
    }

    private ChainEvent.CaregiverChange appointed(int block, EthAddress caregiver, Instant until) {
        return new ChainEvent.CaregiverChange(at(block), child, child, caregiver, Optional.of(child),
                List.of(OBSERVATIONS), 5, until.getEpochSecond(), 1, false);
    }

    private static LogPosition at(int block) {
        return new LogPosition(block, 0, "0x" + "ab".repeat(32), "0x" + "%064x".formatted(block),
                T0.getEpochSecond() + block);
    }
}
