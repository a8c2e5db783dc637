package io.healthkey.backend.application.typeddata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.consent.ConsentNonces;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.NonceCancellationIntent;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.consent.SignatureDeadlines;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.support.MutableClock;
import io.healthkey.backend.support.Patients;
import io.healthkey.backend.support.fakes.FakeConsentRegistry;
import io.healthkey.backend.support.fakes.FakeDirectory;
import io.healthkey.backend.support.fakes.InMemoryChainRequests;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.CancelNoncesMessage;
import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.eip712.TypedData;

/**
 * The typed data served is what the relay would accept: the default deadline, the deadline cap, expiries and
 * deadlines already passed refused with their consent codes, and nonce cancellations from the patient's next nonce.
 */
class TypedDataServiceTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00.750Z");
    private static final Instant NOW_SECONDS = Instant.parse("2026-12-01T10:00:00Z");
    private static final EthAddress PATIENT = Patients.newAddress();
    private static final EthAddress DOCTOR = Patients.newAddress();
    private static final Deployment DEPLOYMENT = new Deployment(31337, 1, Patients.newAddress(),
            FakeConsentRegistry.ADDRESS, Patients.newAddress(), Patients.newAddress());

    private final MutableClock clock = new MutableClock(NOW);
    private final FakeConsentRegistry registry = new FakeConsentRegistry();
    private final InMemoryChainRequests requests = new InMemoryChainRequests();
    private final TypedDataService service = new TypedDataService(DEPLOYMENT, new ConsentNonces(registry, requests),
            new FakeDirectory(), new SignatureDeadlines(Duration.ofDays(30)), clock);

    TypedDataServiceTest() {
        registry.setNextNonce(PATIENT, 4);
    }

    @Test
    void withoutADeadlineTheSignatureIsValidForAnHourInWholeSeconds() {
        GrantMessage grant = (GrantMessage) grant(NOW.plus(Duration.ofDays(1)), Optional.empty()).block().message();

        assertThat(grant.deadline()).isEqualTo(NOW_SECONDS.plus(Duration.ofHours(1)));
        assertThat(grant.nonce()).isEqualTo(4);
    }

    @Test
    void aCapShorterThanAnHourIsTheDefault() {
        TypedDataService shortLived = new TypedDataService(DEPLOYMENT, new ConsentNonces(registry, requests),
                new FakeDirectory(), new SignatureDeadlines(Duration.ofMinutes(5)), clock);

        TypedData data = shortLived.revocation(PATIENT, DOCTOR, Scope.all(), Action.READ, Optional.empty()).block();

        assertThat(data.toMap().get("message")).asString().contains(Long.toString(
                NOW_SECONDS.plus(Duration.ofMinutes(5)).getEpochSecond()));
    }

    @Test
    void refusesADeadlineAlreadyPassedWithConsent0002() {
        assertRefused(grant(NOW.plus(Duration.ofDays(1)), Optional.of(NOW_SECONDS)), ErrorCode.CONSENT_SIGNATURE_EXPIRED);
        assertRefused(service.revocation(PATIENT, DOCTOR, Scope.all(), Action.READ,
                Optional.of(NOW_SECONDS.minusSeconds(1))), ErrorCode.CONSENT_SIGNATURE_EXPIRED);
        assertRefused(service.nonceCancellation(PATIENT, BigInteger.TEN, Optional.of(Instant.EPOCH)),
                ErrorCode.CONSENT_SIGNATURE_EXPIRED);
    }

    @Test
    void refusesADeadlineFurtherAheadThanTheCapWithConsent0010() {
        Instant cap = NOW.plus(Duration.ofDays(30));
        assertRefused(grant(cap.plus(Duration.ofDays(1)), Optional.of(cap.plusSeconds(1))),
                ErrorCode.CONSENT_DEADLINE_TOO_FAR);
        assertRefused(service.nonceCancellation(PATIENT, BigInteger.TEN, Optional.of(Instant.ofEpochSecond(
                999_999_999_999L))), ErrorCode.CONSENT_DEADLINE_TOO_FAR);
        assertThat(grant(cap.plus(Duration.ofDays(1)), Optional.of(cap.minusSeconds(1))).block()).isNotNull();
    }

    @Test
    void refusesAGrantWhoseExpiryIsAlreadyPassedWithConsent0008() {
        assertRefused(grant(NOW_SECONDS, Optional.empty()), ErrorCode.CONSENT_EXPIRY_IN_PAST);
        assertRefused(grant(Instant.EPOCH, Optional.empty()), ErrorCode.CONSENT_EXPIRY_IN_PAST);
    }

    @Test
    void aNonceCancellationStartsAtThePatientsNextNoncePendingIntentsCounted() {
        CancelNoncesMessage fromChain = (CancelNoncesMessage) service.nonceCancellation(PATIENT, BigInteger.TEN,
                Optional.empty()).block().message();
        assertThat(fromChain.nonce()).isEqualTo(4);
        assertThat(fromChain.newNonce()).isEqualTo(10);

        requests.insert(ChainRequest.accepted(UUID.randomUUID().toString(), RelayKind.NONCE_CANCELLATION, PATIENT,
                PATIENT, PATIENT.toString(), new ChainCall(FakeConsentRegistry.ADDRESS, "0x03"),
                new NonceCancellationIntent(BigInteger.valueOf(4), BigInteger.valueOf(20)), NOW)).block();
        CancelNoncesMessage behindPending = (CancelNoncesMessage) service.nonceCancellation(PATIENT,
                BigInteger.valueOf(30), Optional.empty()).block().message();
        assertThat(behindPending.nonce()).isEqualTo(20);
    }

    @Test
    void refusesANewNonceNotAfterTheNextOneOrTooFarAfterItWithConsent0011() {
        BigInteger farthest = BigInteger.valueOf(4).add(CancelNoncesMessage.MAX_NONCE_JUMP);
        for (BigInteger newNonce : new BigInteger[] {BigInteger.ZERO, BigInteger.valueOf(4),
                farthest.add(BigInteger.ONE)}) {
            assertRefused(service.nonceCancellation(PATIENT, newNonce, Optional.empty()),
                    ErrorCode.CONSENT_INVALID_NEW_NONCE);
        }
        assertThat(service.nonceCancellation(PATIENT, farthest, Optional.empty()).block()).isNotNull();
    }

    private Mono<TypedData> grant(Instant expiresAt, Optional<Instant> deadline) {
        return service.grant(PATIENT, DOCTOR, Scope.all(), Action.READ, Purpose.TREAT, expiresAt, deadline);
    }

    private static void assertRefused(Mono<?> answer, ErrorCode code) {
        assertThatThrownBy(answer::block).isInstanceOfSatisfying(DomainException.class,
                refused -> assertThat(refused.errorCode()).isEqualTo(code));
    }
}
