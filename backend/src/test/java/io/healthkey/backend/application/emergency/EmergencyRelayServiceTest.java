package io.healthkey.backend.application.emergency;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import io.healthkey.backend.application.account.AccountRelays;
import io.healthkey.backend.application.outbox.OutboxAcceptor;
import io.healthkey.backend.domain.account.AccountContracts;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.consent.SignatureDeadlines;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.support.MutableClock;
import io.healthkey.backend.support.Patients;
import io.healthkey.backend.support.fakes.InMemoryAccountSignatures;
import io.healthkey.backend.support.fakes.InMemoryAccountStates;
import io.healthkey.backend.support.fakes.InMemoryChainRequests;
import io.healthkey.backend.support.fakes.InMemoryTransactions;
import io.healthkey.backend.support.fakes.SimulatingRelayer;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.EmergencyMessage;
import io.healthkey.protocol.eip712.TypedData;
import io.healthkey.protocol.eip712.TypedDataSigner;

/**
 * The emergency relays over the real outbox acceptor and in-memory ports: who may relay what, the reason kept beside
 * the request in one transaction, and refusals (the service's own, and the chain's decoded reverts) that store
 * nothing.
 */
class EmergencyRelayServiceTest {

    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
    private static final Eip712Domain DOMAIN = Eip712Domain.emergencyAccess(31337, FakeEmergencyAccess.ADDRESS);
    private static final String REASON = "unconscious after a road accident, allergies unknown";

    private final TypedDataSigner patient = Patients.newWallet();
    private final TypedDataSigner doctor = Patients.newWallet();
    private final TypedDataSigner keyholder = Patients.newWallet();

    private final MutableClock clock = new MutableClock(T0);
    private final FakeEmergencyAccess chain = new FakeEmergencyAccess();
    private final InMemoryEmergencyReasons reasons = new InMemoryEmergencyReasons();
    private final InMemoryChainRequests requests = new InMemoryChainRequests();
    private final SimulatingRelayer relayer = new SimulatingRelayer();
    private final InMemoryTransactions database = new InMemoryTransactions(requests, reasons);
    private final InMemoryAccountStates accounts = new InMemoryAccountStates();
    private final EmergencyRelayService service = service(chain);

    @Test
    void relaysTheKeyholdersApprovalAsAnApprovalRequestAboutTheRequester() {
        var approval = new EmergencyMessage.Approval(keyholder.address(), patient.address(), doctor.address(), 1,
                T0.plusSeconds(600));
        AccountSignature signature = sign(keyholder, approval);

        ChainRequest accepted = service.approve(keyholder.address(), approval, signature).block().request();

        assertThat(requests.all()).containsExactly(accepted);
        assertThat(accepted.kind()).isEqualTo(RelayKind.EMERGENCY_APPROVAL);
        assertThat(accepted.patient()).isEqualTo(patient.address());
        assertThat(accepted.subject()).isEqualTo(doctor.address().toString());
        assertThat(accepted.call()).contains(FakeEmergencyAccess.call("03", approval, signature));
        assertThat(accepted.gasLimit()).as("simulated before it was accepted").contains(SimulatingRelayer.GAS);
    }

    @Test
    void keepsTheRequestsReasonInTheTransactionThatAcceptsItAndOnlyItsHashGoesOnChain() {
        var request = request(EmergencyMessage.reasonHash(REASON));

        ChainRequest accepted = service.request(doctor.address(), request, REASON, sign(doctor, request)).block()
                .request();

        assertThat(accepted.kind()).isEqualTo(RelayKind.EMERGENCY_REQUEST);
        assertThat(accepted.call().orElseThrow().calldata()).doesNotContain(hexOf(REASON));
        assertThat(reasons.find(patient.address(), doctor.address(), request.reasonHash()).block().text())
                .isEqualTo(REASON);
        assertThat(database.committed).isEqualTo(1);
    }

    @Test
    void refusesAReasonThatIsNotTheSignedOneWithEmergency0021AndStoresNothing() {
        var request = request(EmergencyMessage.reasonHash(REASON));

        expectCode(service.request(doctor.address(), request, REASON + " ", sign(doctor, request)),
                ErrorCode.EMERGENCY_INVALID_REASON);
        String tooLong = "x".repeat(EmergencyReasons.MAX_LENGTH + 1);
        var longRequest = request(EmergencyMessage.reasonHash(tooLong));
        expectCode(service.request(doctor.address(), longRequest, tooLong, sign(doctor, longRequest)),
                ErrorCode.EMERGENCY_INVALID_REASON);

        assertNothingStoredNorSimulated();
    }

    @Test
    void relaysAMessageOnlyForTheSignedInAccountThatSignedIt() {
        var approval = new EmergencyMessage.Approval(keyholder.address(), patient.address(), doctor.address(), 1,
                T0.plusSeconds(600));
        var closure = new EmergencyMessage.Closure(patient.address(), doctor.address(), BigInteger.ZERO,
                T0.plusSeconds(600));

        expectCode(service.approve(doctor.address(), approval, sign(keyholder, approval)),
                ErrorCode.REQUEST_NOT_PATIENT);
        expectCode(service.close(keyholder.address(), closure, sign(patient, closure)), ErrorCode.REQUEST_NOT_PATIENT);

        assertNothingStoredNorSimulated();
    }

    @Test
    void refusesAnExpiredApprovalBeforeAskingTheChain() {
        var approval = new EmergencyMessage.Approval(keyholder.address(), patient.address(), doctor.address(), 1,
                T0.minusSeconds(1));

        expectCode(service.approve(keyholder.address(), approval, sign(keyholder, approval)),
                ErrorCode.EMERGENCY_SIGNATURE_EXPIRED);

        assertNothingStoredNorSimulated();
    }

    @Test
    void answersWhatTheChainRefusesWithItsDecodedCodeAndStoresNothing() {
        var request = request(EmergencyMessage.reasonHash(REASON));
        relayer.nextSimulation(new DomainException(ErrorCode.EMERGENCY_UNACCREDITED_REQUESTER, "suspended"));

        expectCode(service.request(doctor.address(), request, REASON, sign(doctor, request)),
                ErrorCode.EMERGENCY_UNACCREDITED_REQUESTER);

        assertThat(relayer.simulated).hasSize(1);
        assertThat(requests.all()).isEmpty();
        assertThat(reasons.size()).isZero();
    }

    @Test
    void relaysTheSetupWithItsKeyholdersAndScopesForItsPatientOnly() {
        var setup = new EmergencyMessage.Setup(patient.address(), List.of(keyholder.address(), Patients.newAddress(),
                Patients.newAddress()), 2, 3600, List.of(Scope.of(Category.BUNDLE)), BigInteger.ZERO,
                T0.plusSeconds(600));

        ChainRequest accepted = service.setup(patient.address(), setup, sign(patient, setup)).block().request();

        assertThat(accepted.kind()).isEqualTo(RelayKind.EMERGENCY_SETUP);
        assertThat(accepted.subject()).isEqualTo(patient.address().toString());
        expectCode(service.setup(keyholder.address(), setup, sign(patient, setup)), ErrorCode.REQUEST_NOT_PATIENT);
    }

    @Test
    void everyCallOfADeploymentWithoutEmergencyAccessIsEmergency0020() {
        var closure = new EmergencyMessage.Closure(patient.address(), doctor.address(), BigInteger.ZERO,
                T0.plusSeconds(600));

        expectCode(service(EmergencyAccessPort.NOT_DEPLOYED).close(patient.address(), closure, sign(patient, closure)),
                ErrorCode.EMERGENCY_NOT_DEPLOYED);
        expectCode(service(EmergencyAccessPort.NOT_DEPLOYED).nextNonce(patient.address()),
                ErrorCode.EMERGENCY_NOT_DEPLOYED);
        assertNothingStoredNorSimulated();
    }

    private EmergencyRelayService service(EmergencyAccessPort port) {
        return new EmergencyRelayService(port, reasons, new OutboxAcceptor(relayer, requests, database, clock, () -> { }),
                new AccountRelays(new AccountContracts(Set.of(), Optional.empty()), (account, wrapper, call) -> call,
                        new InMemoryAccountSignatures(), accounts.refusals()),
                new SignatureDeadlines(Duration.ofHours(1)), 31337, clock);
    }

    private EmergencyMessage.Request request(Bytes32 reasonHash) {
        return new EmergencyMessage.Request(doctor.address(), patient.address(), Purpose.ETREAT, reasonHash,
                BigInteger.ZERO, T0.plusSeconds(600));
    }

    private static AccountSignature sign(TypedDataSigner signer, EmergencyMessage message) {
        return AccountSignature.of(signer.sign(TypedData.of(DOMAIN, message)));
    }

    private void assertNothingStoredNorSimulated() {
        assertThat(relayer.simulated).isEmpty();
        assertThat(requests.all()).isEmpty();
        assertThat(reasons.size()).isZero();
    }

    private static void expectCode(Mono<?> answer, ErrorCode code) {
        StepVerifier.create(answer)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(DomainException.class,
                        refused -> assertThat(refused.errorCode()).isEqualTo(code)))
                .verify();
    }

    private static String hexOf(String text) {
        return Hex.encode(text.getBytes(StandardCharsets.UTF_8)).substring(2);
    }
}
