package io.healthkey.backend.application.caregiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.account.AccountRelays;
import io.healthkey.backend.application.consent.ConsentNonces;
import io.healthkey.backend.application.consent.SignedConsentRelay;
import io.healthkey.backend.application.outbox.OutboxAcceptor;
import io.healthkey.backend.domain.account.AccountContracts;
import io.healthkey.backend.domain.caregiver.SignedCaregiverMessage;
import io.healthkey.backend.domain.chain.CaregiverIntent;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.GrantIntent;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.RevocationIntent;
import io.healthkey.backend.domain.consent.SignatureDeadlines;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordKeyForGrantee;
import io.healthkey.backend.domain.record.RecordOrigin;
import io.healthkey.backend.domain.record.RecordStatus;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.backend.support.MutableClock;
import io.healthkey.backend.support.Patients;
import io.healthkey.backend.support.fakes.FakeCaregiverRegistry;
import io.healthkey.backend.support.fakes.FakeConsentRegistry;
import io.healthkey.backend.support.fakes.InMemoryAccountSignatures;
import io.healthkey.backend.support.fakes.InMemoryAccountStates;
import io.healthkey.backend.support.fakes.InMemoryChainRequests;
import io.healthkey.backend.support.fakes.InMemoryRecords;
import io.healthkey.backend.support.fakes.InMemoryTransactions;
import io.healthkey.backend.support.fakes.RecordingAccessCheck;
import io.healthkey.backend.support.fakes.SimulatingRelayer;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.CaregiverPowers;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.AppointmentMessage;
import io.healthkey.protocol.eip712.CaregiverGrantMessage;
import io.healthkey.protocol.eip712.CaregiverGrantRevocationMessage;
import io.healthkey.protocol.eip712.CaregiverMessage;
import io.healthkey.protocol.eip712.CaregiverRevocationMessage;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.TypedData;
import io.healthkey.protocol.eip712.TypedDataSigner;
import io.healthkey.protocol.keywrap.WrappedKey;

/**
 * Caregiver messages accepted into the outbox or refused before anything is stored: the service with its real
 * outbox acceptor, nonce placement and pre-checks over an in-memory caregiver registry that keeps the contract's rules.
 */
class CaregiverRelayServiceTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant CAREGIVER_UNTIL = T0.plus(Duration.ofDays(60));
    private static final Eip712Domain DOMAIN = Eip712Domain.consentRegistry(31337, FakeConsentRegistry.ADDRESS);
    private static final int READ_AND_GRANT = CaregiverPowers.READ | CaregiverPowers.GRANT_REVOKE;

    private final TypedDataSigner child = Patients.newWallet();
    private final TypedDataSigner parent = Patients.newWallet();
    private final TypedDataSigner aunt = Patients.newWallet();
    private final EthAddress paediatrician = Patients.newAddress();
    private final RecordId growthChart = RecordId.of(child.address(), Category.OBSERVATION, 1);
    private final RecordId diagnosis = RecordId.of(child.address(), Category.CONDITION, 2);

    private final MutableClock clock = new MutableClock(T0);
    private final FakeCaregiverRegistry caregivers = new FakeCaregiverRegistry(clock);
    private final FakeConsentRegistry registry = new FakeConsentRegistry();
    private final RecordingAccessCheck access = new RecordingAccessCheck();
    private final InMemoryRecords records = new InMemoryRecords();
    private final InMemoryChainRequests requests = new InMemoryChainRequests();
    private final SimulatingRelayer relayer = new SimulatingRelayer();
    private final OutboxAcceptor outbox = new OutboxAcceptor(relayer, requests,
            new InMemoryTransactions(requests, records), clock, () -> { });
    private final CaregiverRelayService service = new CaregiverRelayService(caregivers, access, records, outbox,
            new SignedConsentRelay(outbox, new AccountRelays(new AccountContracts(Set.of(), Optional.empty()),
                    (account, wrapper, call) -> call, new InMemoryAccountSignatures(),
                    new InMemoryAccountStates().refusals())),
            new ConsentNonces(registry, requests), new SignatureDeadlines(Duration.ofDays(30)), DOMAIN, clock);

    CaregiverRelayServiceTest() {
        records.add(anchored(growthChart));
        records.add(anchored(diagnosis));
    }

    @Test
    void acceptsThePatientsAppointmentWithItsTermsAndTheCaregiversKeysInTheSameTransaction() {
        AppointmentMessage appointment = appointment(child, parent.address(), Scope.of(Category.OBSERVATION),
                READ_AND_GRANT, 0);

        ChainRequest accepted = service.appoint(child.address(), signed(child, appointment),
                List.of(keyFor(growthChart))).block().request();

        assertThat(accepted.kind()).isEqualTo(RelayKind.CAREGIVER_APPOINTMENT);
        assertThat(accepted.account()).isEqualTo(child.address());
        assertThat(accepted.patient()).isEqualTo(child.address());
        assertThat(accepted.intent()).isEqualTo(new CaregiverIntent.Appointment(parent.address(),
                List.of(Scope.of(Category.OBSERVATION)), new CaregiverPowers(READ_AND_GRANT), CAREGIVER_UNTIL,
                BigInteger.ZERO));
        assertThat(accepted.gasLimit()).as("simulated on acceptance").contains(SimulatingRelayer.GAS);
        assertThat(records.keyFor(growthChart, parent.address()).block())
                .isEqualTo(new ReaderKey(parent.address(), wrapped(7)));
    }

    @Test
    void refusesKeysForTheCaregiverOutsideItsScopesWithRequest0002() {
        AppointmentMessage appointment = appointment(child, parent.address(), Scope.of(Category.OBSERVATION),
                READ_AND_GRANT, 0);

        assertRefused(service.appoint(child.address(), signed(child, appointment), List.of(keyFor(diagnosis))),
                ErrorCode.REQUEST_INVALID_FIELD);
        assertNothingAccepted();
    }

    @Test
    void acceptsACaregiversGrantAsAGrantOfTheCaregiversAccountWithTheGranteesKeys() {
        appointParent(READ_AND_GRANT);
        CaregiverGrantMessage grant = grant(Scope.of(Category.OBSERVATION), Action.READ, CAREGIVER_UNTIL, 0);

        ChainRequest accepted = service.grant(parent.address(), signed(parent, grant), List.of(keyFor(growthChart)))
                .block().request();

        assertThat(accepted.kind()).isEqualTo(RelayKind.GRANT);
        assertThat(accepted.account()).as("the caregiver signed it, with its own nonce").isEqualTo(parent.address());
        assertThat(accepted.patient()).isEqualTo(child.address());
        assertThat(accepted.intent()).isEqualTo(GrantIntent.of(grant.grant(), List.of(growthChart)));
        assertThat(accepted.call()).contains(caregivers.grantCall(signed(parent, grant)));
        assertThat(records.keyFor(growthChart, paediatrician).block())
                .isEqualTo(new ReaderKey(paediatrician, wrapped(7)));
    }

    @Test
    void refusesACaregiverWithoutTheGrantPowerWithCaregiver0005() {
        appointParent(CaregiverPowers.READ);

        assertRefused(service.grant(parent.address(), signed(parent, grant(Scope.of(Category.OBSERVATION),
                Action.READ, CAREGIVER_UNTIL, 0)), List.of()), ErrorCode.CAREGIVER_MISSING_POWER);
        assertNothingAccepted();
    }

    @Test
    void refusesACaregiverGrantingAnActionItDoesNotHoldWithCaregiver0005() {
        appointParent(READ_AND_GRANT);

        assertRefused(service.grant(parent.address(), signed(parent, grant(Scope.of(Category.OBSERVATION),
                Action.WRITE, CAREGIVER_UNTIL, 0)), List.of()), ErrorCode.CAREGIVER_MISSING_POWER);
        assertNothingAccepted();
    }

    @Test
    void refusesACaregiverGrantOutsideItsScopesWithCaregiver0006() {
        appointParent(READ_AND_GRANT);

        assertRefused(service.grant(parent.address(), signed(parent, grant(Scope.of(Category.CONDITION),
                Action.READ, CAREGIVER_UNTIL, 0)), List.of()), ErrorCode.CAREGIVER_OUT_OF_SCOPE);
        assertRefused(service.grant(parent.address(), signed(parent, grant(Scope.all(), Action.READ,
                CAREGIVER_UNTIL, 0)), List.of()), ErrorCode.CAREGIVER_OUT_OF_SCOPE);
        assertNothingAccepted();
    }

    @Test
    void refusesAGrantThatOutlivesTheCaregiverWithCaregiver0007() {
        appointParent(READ_AND_GRANT);

        assertRefused(service.grant(parent.address(), signed(parent, grant(Scope.of(Category.OBSERVATION),
                Action.READ, CAREGIVER_UNTIL.plusSeconds(1), 0)), List.of()), ErrorCode.CAREGIVER_BEYOND_EXPIRY);
        assertNothingAccepted();
    }

    @Test
    void refusesAnExpiredCaregiverWithCaregiver0004() {
        appointParent(READ_AND_GRANT);
        clock.now = CAREGIVER_UNTIL;
        CaregiverGrantMessage grant = CaregiverGrantMessage.of(parent.address(), child.address(), paediatrician,
                Scope.of(Category.OBSERVATION), Action.READ, Purpose.TREAT, CAREGIVER_UNTIL.plusSeconds(60),
                BigInteger.ZERO, CAREGIVER_UNTIL.plus(Duration.ofHours(1)));

        assertRefused(service.grant(parent.address(), signed(parent, grant), List.of()),
                ErrorCode.CAREGIVER_NOT_CAREGIVER);
        assertNothingAccepted();
    }

    @Test
    void refusesARevokedCaregiverAndOneNeverAppointedWithCaregiver0004() {
        appointParent(READ_AND_GRANT);
        caregivers.revoke(child.address(), parent.address());
        CaregiverGrantMessage grant = grant(Scope.of(Category.OBSERVATION), Action.READ, CAREGIVER_UNTIL, 0);
        CaregiverGrantRevocationMessage revocation = CaregiverGrantRevocationMessage.of(parent.address(),
                child.address(), paediatrician, Scope.of(Category.OBSERVATION), Action.READ, BigInteger.ZERO,
                T0.plus(Duration.ofHours(1)));
        CaregiverGrantMessage byStranger = CaregiverGrantMessage.of(aunt.address(), child.address(), paediatrician,
                Scope.of(Category.OBSERVATION), Action.READ, Purpose.TREAT, CAREGIVER_UNTIL, BigInteger.ZERO,
                T0.plus(Duration.ofHours(1)));

        assertRefused(service.grant(parent.address(), signed(parent, grant), List.of()),
                ErrorCode.CAREGIVER_NOT_CAREGIVER);
        assertRefused(service.revokeGrant(parent.address(), signed(parent, revocation)),
                ErrorCode.CAREGIVER_NOT_CAREGIVER);
        assertRefused(service.grant(aunt.address(), signed(aunt, byStranger), List.of()),
                ErrorCode.CAREGIVER_NOT_CAREGIVER);
        assertNothingAccepted();
    }

    @Test
    void refusesAnAppointmentByACaregiverWithoutTheAppointPowerWithCaregiver0005() {
        appointParent(READ_AND_GRANT);
        AppointmentMessage byParent = appointment(parent, aunt.address(), Scope.of(Category.OBSERVATION),
                CaregiverPowers.READ, 0);

        assertRefused(service.appoint(parent.address(), signed(parent, byParent), List.of()),
                ErrorCode.CAREGIVER_MISSING_POWER);
        assertNothingAccepted();
    }

    @Test
    void refusesAnAppointmentBeyondTheAppointersOwnPowersScopesOrExpiry() {
        appointParent(READ_AND_GRANT | CaregiverPowers.APPOINT);

        assertRefused(service.appoint(parent.address(), signed(parent, appointment(parent, aunt.address(),
                Scope.of(Category.OBSERVATION), CaregiverPowers.WRITE, 0)), List.of()),
                ErrorCode.CAREGIVER_MISSING_POWER);
        assertRefused(service.appoint(parent.address(), signed(parent, appointment(parent, aunt.address(),
                Scope.of(Category.OBSERVATION), CaregiverPowers.READ | CaregiverPowers.APPOINT, 0)), List.of()),
                ErrorCode.CAREGIVER_MISSING_POWER);
        assertRefused(service.appoint(parent.address(), signed(parent, appointment(parent, aunt.address(),
                Scope.of(Category.CONDITION), CaregiverPowers.READ, 0)), List.of()),
                ErrorCode.CAREGIVER_OUT_OF_SCOPE);
        AppointmentMessage longer = new AppointmentMessage(parent.address(), child.address(), aunt.address(),
                List.of(Scope.of(Category.OBSERVATION)), new CaregiverPowers(CaregiverPowers.READ),
                CAREGIVER_UNTIL.plusSeconds(1), BigInteger.ZERO, T0.plus(Duration.ofHours(1)));
        assertRefused(service.appoint(parent.address(), signed(parent, longer), List.of()),
                ErrorCode.CAREGIVER_BEYOND_EXPIRY);
        assertNothingAccepted();
    }

    @Test
    void acceptsAnAppointmentByACaregiverHoldingAppointWithinItsOwnTerms() {
        appointParent(READ_AND_GRANT | CaregiverPowers.APPOINT);

        ChainRequest accepted = service.appoint(parent.address(), signed(parent, appointment(parent,
                aunt.address(), Scope.of(Category.OBSERVATION), CaregiverPowers.READ, 0)), List.of()).block()
                .request();

        assertThat(accepted.account()).isEqualTo(parent.address());
        assertThat(accepted.patient()).isEqualTo(child.address());
    }

    @Test
    void refusesAGrantOfACaregiverWhoseAppointerHasEndedWithCaregiver0004() {
        appointParent(READ_AND_GRANT | CaregiverPowers.APPOINT);
        caregivers.appoint(parent.address(), child.address(), aunt.address(), List.of(Scope.of(Category.OBSERVATION)),
                READ_AND_GRANT, CAREGIVER_UNTIL);
        caregivers.revoke(child.address(), parent.address());
        CaregiverGrantMessage byAunt = CaregiverGrantMessage.of(aunt.address(), child.address(), paediatrician,
                Scope.of(Category.OBSERVATION), Action.READ, Purpose.TREAT, CAREGIVER_UNTIL, BigInteger.ZERO,
                T0.plus(Duration.ofHours(1)));

        assertRefused(service.grant(aunt.address(), signed(aunt, byAunt), List.of()),
                ErrorCode.CAREGIVER_NOT_CAREGIVER);
        assertNothingAccepted();
    }

    @Test
    void onlyTheSignerMayRelayACaregiverMessageWithRequest0007() {
        appointParent(READ_AND_GRANT);
        CaregiverGrantMessage grant = grant(Scope.of(Category.OBSERVATION), Action.READ, CAREGIVER_UNTIL, 0);
        AppointmentMessage appointment = appointment(child, aunt.address(), Scope.all(), CaregiverPowers.READ, 0);

        assertRefused(service.grant(child.address(), signed(parent, grant), List.of()),
                ErrorCode.REQUEST_NOT_PATIENT);
        assertRefused(service.appoint(parent.address(), signed(child, appointment), List.of()),
                ErrorCode.REQUEST_NOT_PATIENT);
        assertNothingAccepted();
    }

    @Test
    void answersTheContractsErrorWhenTheSimulationRevertsAForgedSignature() {
        appointParent(READ_AND_GRANT);
        CaregiverGrantMessage grant = grant(Scope.of(Category.OBSERVATION), Action.READ, CAREGIVER_UNTIL, 0);
        CaregiverGrantMessage sameTermsByAunt = CaregiverGrantMessage.of(aunt.address(), child.address(),
                paediatrician, Scope.of(Category.OBSERVATION), Action.READ, Purpose.TREAT, CAREGIVER_UNTIL,
                BigInteger.ZERO, T0.plus(Duration.ofHours(1)));
        var forged = new SignedCaregiverMessage<>(grant, signed(aunt, sameTermsByAunt).signature());
        relayer.nextSimulation(new DomainException(ErrorCode.CONSENT_INVALID_SIGNER, "not the caregiver's"));

        assertRefused(service.grant(parent.address(), forged, List.of()),
                ErrorCode.CONSENT_INVALID_SIGNER);
        assertNothingAccepted();
    }

    @Test
    void refusesARevocationOfNoLiveCaregiverWithCaregiver0008() {
        CaregiverRevocationMessage revocation = new CaregiverRevocationMessage(child.address(), parent.address(),
                BigInteger.ZERO, T0.plus(Duration.ofHours(1)));

        assertRefused(service.revoke(child.address(), signed(child, revocation)),
                ErrorCode.CAREGIVER_NO_SUCH_CAREGIVER);
        assertNothingAccepted();
    }

    @Test
    void acceptsThePatientsRevocationOfALiveCaregiver() {
        appointParent(READ_AND_GRANT);
        CaregiverRevocationMessage revocation = new CaregiverRevocationMessage(child.address(), parent.address(),
                BigInteger.ZERO, T0.plus(Duration.ofHours(1)));

        ChainRequest accepted = service.revoke(child.address(), signed(child, revocation)).block().request();

        assertThat(accepted.kind()).isEqualTo(RelayKind.CAREGIVER_REVOCATION);
        assertThat(accepted.intent()).isEqualTo(new CaregiverIntent.Revocation(parent.address(), BigInteger.ZERO));
        assertThat(accepted.subject()).isEqualTo(parent.address().toString());
        assertThat(access.pendingCaregiverRevocations).as("denies at once, from the 202")
                .containsExactly(List.of(child.address(), parent.address()));
    }

    @Test
    void aCaregiversRevocationOfAGrantDeniesAtOnceWhenAccepted() {
        appointParent(READ_AND_GRANT);
        CaregiverGrantRevocationMessage revocation = CaregiverGrantRevocationMessage.of(parent.address(),
                child.address(), paediatrician, Scope.of(Category.OBSERVATION), Action.READ, BigInteger.ZERO,
                T0.plus(Duration.ofHours(1)));

        ChainRequest accepted = service.revokeGrant(parent.address(), signed(parent, revocation)).block().request();

        assertThat(accepted.kind()).isEqualTo(RelayKind.REVOCATION);
        assertThat(accepted.intent()).isEqualTo(RevocationIntent.of(revocation.revocation()));
        assertThat(access.pendingRevocations).containsExactly(new GrantKey(child.address(), paediatrician,
                Scope.of(Category.OBSERVATION).toBytes32(), Action.READ.code()));
    }

    @Test
    void placesACaregiversNoncesApartFromThePatients() {
        appointParent(READ_AND_GRANT);
        service.appoint(child.address(), signed(child, appointment(child, aunt.address(), Scope.all(),
                CaregiverPowers.READ, 0)), List.of()).block();

        ChainRequest accepted = service.grant(parent.address(), signed(parent, grant(Scope.of(Category.OBSERVATION),
                Action.READ, CAREGIVER_UNTIL, 0)), List.of()).block().request();

        assertThat(accepted.gasLimit()).as("nothing of the caregiver's pending: judged on chain now").isPresent();
        assertRefused(service.grant(parent.address(), signed(parent, grant(Scope.of(Category.OBSERVATION),
                Action.READ, CAREGIVER_UNTIL, 0)), List.of()), ErrorCode.CONSENT_NONCE_MISMATCH);
    }

    private void appointParent(int powers) {
        caregivers.appoint(child.address(), child.address(), parent.address(), List.of(Scope.of(Category.OBSERVATION)),
                powers, CAREGIVER_UNTIL);
    }

    private AppointmentMessage appointment(TypedDataSigner appointer, EthAddress caregiver, Scope scope, int powers,
            long nonce) {
        return new AppointmentMessage(appointer.address(), child.address(), caregiver, List.of(scope),
                new CaregiverPowers(powers), CAREGIVER_UNTIL, BigInteger.valueOf(nonce), T0.plus(Duration.ofHours(1)));
    }

    private CaregiverGrantMessage grant(Scope scope, Action action, Instant expiresAt, long nonce) {
        return CaregiverGrantMessage.of(parent.address(), child.address(), paediatrician, scope, action,
                Purpose.TREAT, expiresAt, BigInteger.valueOf(nonce), T0.plus(Duration.ofHours(1)));
    }

    private static <M extends CaregiverMessage> SignedCaregiverMessage<M> signed(TypedDataSigner signer, M message) {
        return new SignedCaregiverMessage<>(message, AccountSignature.of(
                signer.sign(TypedData.of(DOMAIN, message))));
    }

    private static RecordKeyForGrantee keyFor(RecordId record) {
        return new RecordKeyForGrantee(record, wrapped(7));
    }

    private static WrappedKey wrapped(int fill) {
        byte[] bytes = new byte[WrappedKey.LENGTH];
        Arrays.fill(bytes, (byte) fill);
        return WrappedKey.fromBytes(bytes);
    }

    private RecordVersion anchored(RecordId id) {
        return new RecordVersion(id, id.patient(), RecordOrigin.CLIENT, RecordStatus.ANCHORED, "application/fhir+json",
                Optional.empty(), Optional.empty(), 100, Optional.empty(), Optional.empty(), false, T0, T0);
    }

    private void assertNothingAccepted() {
        assertThat(requests.all()).isEmpty();
        assertThat(records.keys(growthChart)).isEmpty();
        assertThat(records.keys(diagnosis)).isEmpty();
    }

    private static void assertRefused(Mono<?> answer, ErrorCode code) {
        assertThatThrownBy(answer::block).isInstanceOfSatisfying(DomainException.class,
                refused -> assertThat(refused.errorCode()).isEqualTo(code));
    }
}
