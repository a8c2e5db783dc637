package io.healthkey.backend.application.audit;

import static io.healthkey.backend.support.DomainErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.healthkey.backend.domain.audit.Page;
import io.healthkey.backend.domain.audit.PageCursor;
import io.healthkey.backend.domain.audit.PageRequest;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.backend.domain.record.AnchoredRecord;
import io.healthkey.backend.support.MutableClock;
import io.healthkey.backend.support.fakes.FakeConsent;
import io.healthkey.backend.support.fakes.FakeEventIndex;
import io.healthkey.backend.support.fakes.InMemoryCaregiverEvents;
import io.healthkey.backend.support.fakes.RecordStack;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.CaregiverPowers;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.content.Codec;

/** A grantee's own view: the live grants made to it and the records they open, from the event index. */
class GranteeViewServiceTest {

    private static final PageRequest FIRST = PageRequest.first();
    private static final EthAddress CONSENT_REGISTRY = EthAddress.parse("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512");
    private static final EthAddress PATIENT = EthAddress.parse("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
    private static final EthAddress OTHER_PATIENT = EthAddress.parse("0x14dc79964da2c08b23698b3d3cc7ca32193d9955");
    private static final EthAddress DOCTOR = EthAddress.parse("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65");
    private static final EthAddress STRANGER = EthAddress.parse("0x976ea74026e726554db657fa54763abd0c3a0aa9");
    private static final long NOW = RecordStack.NOW.getEpochSecond();

    private final MutableClock clock = new MutableClock(RecordStack.NOW);
    private final FakeEventIndex index = new FakeEventIndex(clock);
    private final FakeConsent access = new FakeConsent();
    /** The doctor's consent events, oldest first as the test adds them. */
    private final List<ChainEvent.Consent> received = new ArrayList<>();
    private final InMemoryCaregiverEvents caregivers = new InMemoryCaregiverEvents();
    private final GranteeViewUseCase view = new GranteeViewService(
            grantee -> Flux.fromIterable(new ArrayList<>(received)).filter(e -> e.key().grantee().equals(grantee))
                    .sort((a, b) -> Long.compare(b.at().blockNumber() * 1000 + b.at().logIndex(),
                            a.at().blockNumber() * 1000 + a.at().logIndex())),
            caregivers, index, index.indexer(), access, clock);

    @Test
    void listsTheLiveGrantsToTheGranteeNewestFirst() {
        ChainEvent.Consent older = granted(PATIENT, Scope.of(Category.OBSERVATION), Action.READ, 10, NOW + 3600);
        ChainEvent.Consent newer = granted(OTHER_PATIENT, Scope.all(), Action.WRITE, 20, NOW + 7200);

        assertThat(view.grants(DOCTOR, DOCTOR, FIRST).block().items()).containsExactly(newer, older);
    }

    @Test
    void aSlotWhoseNewestEventIsARevocationIsNotListedEvenIfTheRevocationIsNotYetConfirmed() {
        granted(PATIENT, Scope.of(Category.OBSERVATION), Action.READ, 10, NOW + 3600);
        ChainEvent.Consent kept = granted(PATIENT, Scope.of(Category.CONDITION), Action.READ, 11, NOW + 3600);
        revoked(PATIENT, Scope.of(Category.OBSERVATION), Action.READ, FakeEventIndex.HEAD);

        assertThat(view.grants(DOCTOR, DOCTOR, FIRST).block().items()).containsExactly(kept);
    }

    @Test
    void expiredAndUnconfirmedGrantsAndOtherGranteesGrantsAreNotListed() {
        granted(PATIENT, Scope.of(Category.OBSERVATION), Action.READ, 10, NOW);
        granted(PATIENT, Scope.of(Category.CONDITION), Action.READ, FakeEventIndex.HEAD + 1, NOW + 3600);
        received.add(event(new GrantKey(PATIENT, STRANGER, Scope.all().toBytes32(), Action.READ.code()), 12,
                NOW + 3600, false));
        ChainEvent.Consent live = granted(PATIENT, Scope.all(), Action.READ, 13, NOW + 1);

        assertThat(view.grants(DOCTOR, DOCTOR, FIRST).block().items()).containsExactly(live);

        clock.now = clock.now.plusSeconds(1);
        assertThat(view.grants(DOCTOR, DOCTOR, FIRST).block().items()).isEmpty();
    }

    @Test
    void aRenewedGrantIsListedOnceAsItsNewestEventSays() {
        granted(PATIENT, Scope.all(), Action.READ, 10, NOW + 60);
        ChainEvent.Consent renewed = granted(PATIENT, Scope.all(), Action.READ, 30, NOW + 86_400);

        assertThat(view.grants(DOCTOR, DOCTOR, FIRST).block().items()).containsExactly(renewed);
    }

    @Test
    void anyoneButTheGranteeIsRefusedWithAudit0003() {
        granted(PATIENT, Scope.all(), Action.READ, 10, NOW + 3600);

        assertFailsWith(view.grants(PATIENT, DOCTOR, FIRST), ErrorCode.AUDIT_NOT_GRANTEE);
        assertFailsWith(view.grants(STRANGER, DOCTOR, FIRST), ErrorCode.AUDIT_NOT_GRANTEE);
        assertFailsWith(view.readableRecords(PATIENT, DOCTOR, PATIENT, FIRST), ErrorCode.AUDIT_NOT_GRANTEE);
    }

    @Test
    void pagesFollowOneAnotherWithoutGapOrRepeatEvenWhenAGrantArrivesMeanwhile() {
        for (int block = 1; block <= 5; block++) {
            granted(PATIENT, Scope.of(RecordId.of(PATIENT, Category.OBSERVATION, block)), Action.READ, block,
                    NOW + 3600);
        }
        Page<ChainEvent.Consent> first = view.grants(DOCTOR, DOCTOR, new PageRequest(2, Optional.empty())).block();
        granted(PATIENT, Scope.all(), Action.READ, 40, NOW + 3600);
        Page<ChainEvent.Consent> second = view.grants(DOCTOR, DOCTOR, new PageRequest(2, first.next())).block();
        Page<ChainEvent.Consent> third = view.grants(DOCTOR, DOCTOR, new PageRequest(2, second.next())).block();

        assertThat(first.items()).extracting(grant -> grant.at().blockNumber()).containsExactly(5L, 4L);
        assertThat(second.items()).extracting(grant -> grant.at().blockNumber()).containsExactly(3L, 2L);
        assertThat(third.items()).extracting(grant -> grant.at().blockNumber()).containsExactly(1L);
        assertThat(third.next()).isEmpty();
    }

    @Test
    void aCursorOfAnotherListOrWithANegativeBlockIsRefusedWithAudit0001() {
        assertFailsWith(view.grants(DOCTOR, DOCTOR, new PageRequest(2, Optional.of(PageCursor.of(
                GranteeViewUseCase.GRANTS, "-1", "0")))), ErrorCode.AUDIT_MALFORMED_CURSOR);
        assertFailsWith(view.grants(DOCTOR, DOCTOR, new PageRequest(2, Optional.of(PageCursor.of(
                GranteeViewUseCase.GRANTS, "block", "0")))), ErrorCode.AUDIT_MALFORMED_CURSOR);
        granted(PATIENT, Scope.all(), Action.READ, 10, NOW + 3600);
        assertFailsWith(view.readableRecords(DOCTOR, DOCTOR, PATIENT, new PageRequest(2, Optional.of(
                PageCursor.of(GranteeViewUseCase.READABLE_RECORDS, "not-a-record")))),
                ErrorCode.AUDIT_MALFORMED_CURSOR);
    }

    @Test
    void readableRecordsAreThoseALiveReadGrantCoversAndTheCheckAllowsHighestSerialFirst() {
        AnchoredRecord observation1 = anchored(RecordId.of(PATIENT, Category.OBSERVATION, 1));
        AnchoredRecord observation2 = anchored(RecordId.of(PATIENT, Category.OBSERVATION, 2));
        anchored(RecordId.of(PATIENT, Category.CONDITION, 3));
        anchored(RecordId.of(OTHER_PATIENT, Category.OBSERVATION, 1));
        granted(PATIENT, Scope.of(Category.OBSERVATION), Action.READ, 10, NOW + 3600);
        granted(OTHER_PATIENT, Scope.of(Category.OBSERVATION), Action.WRITE, 11, NOW + 3600);
        access.grant(PATIENT, DOCTOR, Category.OBSERVATION, Action.READ);
        access.grant(PATIENT, DOCTOR, Category.CONDITION, Action.READ);

        assertThat(view.readableRecords(DOCTOR, DOCTOR, PATIENT, FIRST).block().items())
                .containsExactly(observation2, observation1);
        assertThat(view.readableRecords(DOCTOR, DOCTOR, OTHER_PATIENT, FIRST).block().items())
                .as("a WRITE grant opens no record to read").isEmpty();
    }

    @Test
    void aRecordTheGrantCoversButThePermissionCheckDeniesIsLeftOut() {
        anchored(RecordId.of(PATIENT, Category.OBSERVATION, 1));
        granted(PATIENT, Scope.all(), Action.READ, 10, NOW + 3600);

        assertThat(view.readableRecords(DOCTOR, DOCTOR, PATIENT, FIRST).block().items()).isEmpty();
    }

    @Test
    void readableRecordsComeInPages() {
        for (int serial = 1; serial <= 3; serial++) {
            anchored(RecordId.of(PATIENT, Category.OBSERVATION, serial));
        }
        granted(PATIENT, Scope.all(), Action.READ, 10, NOW + 3600);
        access.grant(PATIENT, DOCTOR, Category.OBSERVATION, Action.READ);

        Page<AnchoredRecord> first = view.readableRecords(DOCTOR, DOCTOR, PATIENT,
                new PageRequest(2, Optional.empty())).block();
        Page<AnchoredRecord> second = view.readableRecords(DOCTOR, DOCTOR, PATIENT,
                new PageRequest(2, first.next())).block();

        assertThat(first.items()).extracting(r -> r.id().serial().intValue()).containsExactly(3, 2);
        assertThat(second.items()).extracting(r -> r.id().serial().intValue()).containsExactly(1);
        assertThat(second.next()).isEmpty();
    }

    @Test
    void aCaregiverWithReadListsWhatItsAppointmentsScopesCoverAndTheCheckAllows() {
        AnchoredRecord observation = anchored(RecordId.of(PATIENT, Category.OBSERVATION, 1));
        anchored(RecordId.of(PATIENT, Category.CONDITION, 2));
        access.grant(PATIENT, DOCTOR, Category.OBSERVATION, Action.READ);
        access.grant(PATIENT, DOCTOR, Category.CONDITION, Action.READ);
        appointed(CaregiverPowers.READ | CaregiverPowers.GRANT_REVOKE, 10, NOW + 3600, false);

        assertThat(view.readableRecords(DOCTOR, DOCTOR, PATIENT, FIRST).block().items())
                .as("the appointment's scope, Observation, only").containsExactly(observation);
    }

    @Test
    void aCaregiverRevokedExpiredUnconfirmedOrWithoutReadListsNothing() {
        anchored(RecordId.of(PATIENT, Category.OBSERVATION, 1));
        access.grant(PATIENT, DOCTOR, Category.OBSERVATION, Action.READ);

        appointed(CaregiverPowers.GRANT_REVOKE, 10, NOW + 3600, false);
        assertThat(view.readableRecords(DOCTOR, DOCTOR, PATIENT, FIRST).block().items()).as("no READ").isEmpty();
        appointed(CaregiverPowers.READ, 11, NOW, false);
        assertThat(view.readableRecords(DOCTOR, DOCTOR, PATIENT, FIRST).block().items()).as("expired").isEmpty();
        appointed(CaregiverPowers.READ, FakeEventIndex.HEAD + 1, NOW + 3600, false);
        assertThat(view.readableRecords(DOCTOR, DOCTOR, PATIENT, FIRST).block().items()).as("unconfirmed").isEmpty();
        caregivers.events.clear();
        appointed(CaregiverPowers.READ, 12, NOW + 3600, false);
        appointed(CaregiverPowers.READ, 13, NOW + 3600, true);
        assertThat(view.readableRecords(DOCTOR, DOCTOR, PATIENT, FIRST).block().items()).as("revoked").isEmpty();
    }

    /** An appointment (or, {@code revoked}, a revocation) of the doctor as the patient's caregiver for Observations. */
    private void appointed(int powers, long block, long expiresAt, boolean revoked) {
        caregivers.events.add(new ChainEvent.CaregiverChange(new LogPosition(block, 0, "0x" + "0c".repeat(32),
                "0x" + "%064x".formatted(block), NOW - 100 + block), CONSENT_REGISTRY, PATIENT, DOCTOR,
                Optional.of(PATIENT), List.of(Scope.of(Category.OBSERVATION).toBytes32()), powers, expiresAt, 1,
                revoked));
    }

    private AnchoredRecord anchored(RecordId id) {
        AnchoredRecord anchored = new AnchoredRecord(id, id.patient(),
                Cid.ofBlock(Codec.RAW, id.toHex().getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                Optional.empty(), "0x" + "ab".repeat(32), id.serial().longValue());
        index.index(anchored);
        return anchored;
    }

    private ChainEvent.Consent granted(EthAddress patient, Scope scope, Action action, long block, long expiresAt) {
        ChainEvent.Consent event = event(new GrantKey(patient, DOCTOR, scope.toBytes32(), action.code()), block,
                expiresAt, false);
        received.add(event);
        return event;
    }

    private void revoked(EthAddress patient, Scope scope, Action action, long block) {
        received.add(event(new GrantKey(patient, DOCTOR, scope.toBytes32(), action.code()), block, 0, true));
    }

    private static ChainEvent.Consent event(GrantKey key, long block, long expiresAt, boolean revoked) {
        return new ChainEvent.Consent(new LogPosition(block, 0, "0x" + "0b".repeat(32), "0x" + "%064x".formatted(block),
                NOW - 100 + block), CONSENT_REGISTRY, key, 1, expiresAt, revoked);
    }
}
