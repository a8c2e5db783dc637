package io.healthkey.backend.application.consent;

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
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.account.AccountRelays;
import io.healthkey.backend.application.outbox.OutboxAcceptor;
import io.healthkey.backend.domain.account.AccountContracts;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.ChainRequestStatus;
import io.healthkey.backend.domain.chain.GrantIntent;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.NonceCancellationIntent;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.RelayedTransaction;
import io.healthkey.backend.domain.chain.RevocationIntent;
import io.healthkey.backend.domain.chain.SubjectOnlyIntent;
import io.healthkey.backend.domain.consent.AccessDecision;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.consent.SignatureDeadlines;
import io.healthkey.backend.domain.consent.SignedGrant;
import io.healthkey.backend.domain.consent.SignedNonceCancellation;
import io.healthkey.backend.domain.consent.SignedRevocation;
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
import io.healthkey.backend.support.fakes.FakeConsentRegistry;
import io.healthkey.backend.support.fakes.InMemoryAccountSignatures;
import io.healthkey.backend.support.fakes.InMemoryAccountStates;
import io.healthkey.backend.support.fakes.InMemoryChainRequests;
import io.healthkey.backend.support.fakes.InMemoryRecords;
import io.healthkey.backend.support.fakes.InMemoryRelayJournal;
import io.healthkey.backend.support.fakes.InMemoryTransactions;
import io.healthkey.backend.support.fakes.RecordingAccessCheck;
import io.healthkey.backend.support.fakes.SimulatingRelayer;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.account.Erc6492Signature;
import io.healthkey.protocol.eip712.CancelNoncesMessage;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.eip712.RevocationMessage;
import io.healthkey.protocol.eip712.TypedData;
import io.healthkey.protocol.eip712.TypedDataSigner;
import io.healthkey.protocol.keywrap.WrappedKey;

/**
 * Grants and revocations accepted into the outbox (or refused, with their codes), what follows them once final,
 * and the consent queries: the service with its real outbox acceptor and nonce placement over in-memory ports.
 */
class ConsentServiceTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Eip712Domain DOMAIN = Eip712Domain.consentRegistry(31337, FakeConsentRegistry.ADDRESS);
    private static final EthAddress FACTORY = EthAddress.parse("0x" + "fa".repeat(20));
    private static final EthAddress ACCOUNT_RELAY = EthAddress.parse("0x" + "ae".repeat(20));

    private final TypedDataSigner patient = Patients.newWallet();
    private final EthAddress doctor = Patients.newAddress();
    private final RecordId labResult = RecordId.of(patient.address(), Category.OBSERVATION, 1);
    private final RecordId bloodCount = RecordId.of(patient.address(), Category.OBSERVATION, 2);
    private final RecordId diagnosis = RecordId.of(patient.address(), Category.CONDITION, 3);

    private final MutableClock clock = new MutableClock(T0);
    private final FakeConsentRegistry registry = new FakeConsentRegistry();
    private final RecordingAccessCheck access = new RecordingAccessCheck();
    private final InMemoryRelayJournal journal = new InMemoryRelayJournal();
    private final InMemoryRecords records = new InMemoryRecords();
    private final InMemoryChainRequests requests = new InMemoryChainRequests();
    private final SimulatingRelayer relayer = new SimulatingRelayer();
    private final InMemoryTransactions database = new InMemoryTransactions(requests, records);
    private int senderWakeUps;
    private final InMemoryAccountSignatures signatures = new InMemoryAccountSignatures();
    private final InMemoryAccountStates refusals = new InMemoryAccountStates();
    private final ConsentService service = new ConsentService(registry, access, journal, records,
            new OutboxAcceptor(relayer, requests, database, clock, () -> senderWakeUps++),
            new AccountRelays(new AccountContracts(Set.of(FACTORY), Optional.of(ACCOUNT_RELAY)),
                    ConsentServiceTest::deployAndCall, signatures, refusals.refusals()),
            new ConsentNonces(registry, requests), new SignatureDeadlines(Duration.ofDays(30)), DOMAIN, clock);

    ConsentServiceTest() {
        records.add(anchored(labResult));
        records.add(anchored(bloodCount));
        records.add(anchored(diagnosis));
    }

    @Test
    void acceptsAGrantWithItsIntentAndStoresTheGranteesKeysInTheSameTransaction() {
        GrantMessage grant = grant(0, Scope.of(Category.OBSERVATION), Action.READ);
        SignedGrant signed = signed(grant);

        ChainRequest accepted = service.relay(patient.address(), signed, List.of(keyFor(labResult))).block()
                .request();

        assertThat(requests.all()).containsExactly(accepted);
        assertThat(accepted.kind()).isEqualTo(RelayKind.GRANT);
        assertThat(accepted.status()).isEqualTo(ChainRequestStatus.ACCEPTED);
        assertThat(accepted.patient()).isEqualTo(patient.address());
        assertThat(accepted.subject()).isEqualTo(doctor.toString());
        assertThat(accepted.call()).contains(registry.grantCall(signed));
        assertThat(accepted.gasLimit()).as("simulated on acceptance").contains(SimulatingRelayer.GAS);
        assertThat(accepted.intent()).isEqualTo(new GrantIntent(doctor, Scope.of(Category.OBSERVATION), Action.READ,
                Purpose.TREAT, grant.expiresAt(), Optional.of(BigInteger.ZERO), List.of(labResult)));
        assertThat(records.keyFor(labResult, doctor).block()).isEqualTo(new ReaderKey(doctor, wrapped(7)));
        assertThat(database.committed).isEqualTo(1);
        assertThat(senderWakeUps).isEqualTo(1);
    }

    @Test
    void refusesToRelayAnotherPatientsConsentWithRequest0007() {
        GrantMessage grant = grant(0, Scope.all(), Action.READ);
        RevocationMessage revocation = revocation(0, Scope.all());

        assertRefused(service.relay(doctor, signed(grant), List.of()), ErrorCode.REQUEST_NOT_PATIENT);
        assertRefused(service.relay(doctor, signed(revocation)), ErrorCode.REQUEST_NOT_PATIENT);
        assertNothingAccepted();
    }

    @Test
    void refusesRecordKeysWithAWriteGrantWithRequest0002() {
        assertRefused(service.relay(patient.address(), signed(grant(0, Scope.all(), Action.WRITE)),
                List.of(keyFor(labResult))), ErrorCode.REQUEST_INVALID_FIELD);
        assertNothingAccepted();
    }

    @Test
    void refusesKeysForRecordsOutsideTheScopeOrOfAnotherPatientWithRequest0002() {
        RecordId theirs = RecordId.of(doctor, Category.OBSERVATION, 1);
        records.add(anchored(theirs));
        GrantMessage observations = grant(0, Scope.of(Category.OBSERVATION), Action.READ);

        assertRefused(service.relay(patient.address(), signed(observations), List.of(keyFor(diagnosis))),
                ErrorCode.REQUEST_INVALID_FIELD);
        assertRefused(service.relay(patient.address(), signed(grant(0, Scope.all(), Action.READ)),
                List.of(keyFor(labResult), keyFor(theirs))), ErrorCode.REQUEST_INVALID_FIELD);
        assertNothingAccepted();
    }

    @Test
    void refusesKeysForARecordThatDoesNotExistWithRecord0008() {
        RecordId unknown = RecordId.of(patient.address(), Category.OBSERVATION, 99);

        assertRefused(service.relay(patient.address(), signed(grant(0, Scope.all(), Action.READ)),
                List.of(keyFor(unknown))), ErrorCode.RECORD_NOT_FOUND);
        assertNothingAccepted();
    }

    @Test
    void answersTheContractsErrorWhenTheChainWouldRevertAndStoresNothing() {
        relayer.nextSimulation(new DomainException(ErrorCode.CONSENT_EXPIRY_IN_PAST, "expiresAt is past"));
        assertRefused(service.relay(patient.address(), signed(grant(0, Scope.all(), Action.READ)),
                List.of(keyFor(labResult))), ErrorCode.CONSENT_EXPIRY_IN_PAST);

        relayer.nextSimulation(new DomainException(ErrorCode.CONSENT_NO_SUCH_GRANT, "nothing to revoke"));
        assertRefused(service.relay(patient.address(), signed(revocation(0, Scope.all()))),
                ErrorCode.CONSENT_NO_SUCH_GRANT);

        assertNothingAccepted();
        assertThat(access.pendingRevocations).as("a refused revocation denies nothing").isEmpty();
    }

    @Test
    void answersChain0001WhenTheNodeCannotSimulate() {
        relayer.nextSimulation(new DomainException(ErrorCode.CHAIN_UNAVAILABLE, "connection refused"));

        assertRefused(service.relay(patient.address(), signed(grant(0, Scope.all(), Action.READ)), List.of()),
                ErrorCode.CHAIN_UNAVAILABLE);
        assertNothingAccepted();
    }

    @Test
    void aDatabaseFailureWhileStoringTheKeysRollsBackTheRequestToo() {
        IllegalStateException lost = new IllegalStateException("connection lost");
        records.writes.begin(lost);

        assertThatThrownBy(() -> service.relay(patient.address(), signed(grant(0, Scope.all(), Action.READ)),
                List.of(keyFor(labResult))).block()).isSameAs(lost);
        assertThat(database.rolledBack).isEqualTo(1);
        assertNothingAccepted();
    }

    @Test
    void aDatabaseFailureWhileStoringTheRequestStoresNoKeys() {
        IllegalStateException lost = new IllegalStateException("connection lost");
        requests.writes.begin(lost);

        assertThatThrownBy(() -> service.relay(patient.address(), signed(grant(0, Scope.all(), Action.READ)),
                List.of(keyFor(labResult))).block()).isSameAs(lost);
        requests.writes.end();
        assertNothingAccepted();
    }

    @Test
    void relaysAnAccountNotDeployedYetThroughTheRelayThatDeploysItWithTheInnerSignature() {
        ECKeyPair owner = Patients.newKeyPair();
        EthAddress account = Patients.newAddress();
        GrantMessage grant = grantOf(account, 0);
        AccountSignature inner = ownerSigns(owner, TypedData.of(DOMAIN, grant));
        signatures.counterfactual(account, FACTORY, addressOf(owner), TypedData.of(DOMAIN, grant).digest());
        Erc6492Signature wrapper = new Erc6492Signature(FACTORY, new byte[] {1, 2, 3, 4}, inner);

        ChainRequest accepted = service.relay(account, new SignedGrant(grant, wrapper.toAccountSignature()), List.of())
                .block().request();

        assertThat(accepted.call()).contains(deployAndCall(account, wrapper,
                registry.grantCall(new SignedGrant(grant, inner))));
        assertThat(accepted.gasLimit()).as("the deployment and the grant simulated together")
                .contains(SimulatingRelayer.GAS);
    }

    @Test
    void refusesAnErc6492SignatureWhoseFactoryIsNotOnTheAllowListWithAccount0001() {
        ECKeyPair owner = Patients.newKeyPair();
        EthAddress account = Patients.newAddress();
        EthAddress otherFactory = Patients.newAddress();
        GrantMessage grant = grantOf(account, 0);
        signatures.counterfactual(account, otherFactory, addressOf(owner), TypedData.of(DOMAIN, grant).digest());
        AccountSignature wrapped = new Erc6492Signature(otherFactory, new byte[] {1},
                ownerSigns(owner, TypedData.of(DOMAIN, grant))).toAccountSignature();

        assertRefused(service.relay(account, new SignedGrant(grant, wrapped), List.of()),
                ErrorCode.ACCOUNT_FACTORY_NOT_ALLOWED);
        assertThat(signatures.chainCalls).as("refused before the chain is asked").isZero();
        assertNothingAccepted();
    }

    @Test
    void refusesAnErc6492SignatureTheAccountWouldNotAcceptWithConsent0001() {
        ECKeyPair owner = Patients.newKeyPair();
        EthAddress account = Patients.newAddress();
        GrantMessage grant = grantOf(account, 0);
        signatures.counterfactual(account, FACTORY, addressOf(owner), TypedData.of(DOMAIN, grant).digest());
        AccountSignature byStranger = new Erc6492Signature(FACTORY, new byte[] {1},
                ownerSigns(Patients.newKeyPair(), TypedData.of(DOMAIN, grant))).toAccountSignature();

        assertRefused(service.relay(account, new SignedGrant(grant, byStranger), List.of()),
                ErrorCode.CONSENT_INVALID_SIGNER);
        assertNothingAccepted();
    }

    @Test
    void refusesARefusedAccountWithAccount0004UntilItsStateChangesAndThenRelaysAgain() {
        EthAddress account = patient.address();
        refusals.refuse(account, refusals.stateOf(account).block(), ErrorCode.CONSENT_INVALID_SIGNER).block();
        SignedGrant signed = signed(grant(0, Scope.all(), Action.READ));

        assertRefused(service.relay(account, signed, List.of()), ErrorCode.ACCOUNT_REFUSED_UNTIL_CHANGED);
        assertNothingAccepted();
        refusals.change(account);
        assertThat(service.relay(account, signed, List.of()).block().request().kind()).isEqualTo(RelayKind.GRANT);
    }

    @Test
    void checksAQueuedContractWalletsSignatureOnChainInsteadOfRefusingIt() {
        ECKeyPair owner = Patients.newKeyPair();
        EthAddress wallet = Patients.newAddress();
        service.relay(wallet, new SignedGrant(grantOf(wallet, 0), AccountSignature.fromBytes(new byte[] {7})),
                List.of()).block();
        GrantMessage next = grantOf(wallet, 1);
        signatures.walletOf(wallet, addressOf(owner), TypedData.of(DOMAIN, next).digest());

        assertRefused(service.relay(wallet, new SignedGrant(next, ownerSigns(Patients.newKeyPair(), TypedData.of(DOMAIN, next))),
                List.of()), ErrorCode.CONSENT_INVALID_SIGNER);
        ChainRequest queued = service.relay(wallet, new SignedGrant(next, ownerSigns(owner, TypedData.of(DOMAIN, next))),
                List.of()).block().request();
        assertThat(queued.gasLimit()).as("queued: simulated when sent").isEmpty();
    }

    private GrantMessage grantOf(EthAddress account, long nonce) {
        return new GrantMessage(account, doctor, Scope.all(), Action.READ, Purpose.TREAT,
                T0.plus(Duration.ofDays(1)), BigInteger.valueOf(nonce), T0.plus(Duration.ofHours(1)));
    }

    /** What a contract wallet's owner signs: the digest itself, with a key that is not the account's. */
    private static AccountSignature ownerSigns(ECKeyPair owner, TypedData data) {
        return AccountSignature.fromBytes(Patients.signDigest(owner, data.digest().toBytes()));
    }

    private static EthAddress addressOf(ECKeyPair key) {
        return EthAddress.parse("0x" + Keys.getAddress(key));
    }

    /** What the relay port makes of it here: a call to the relay that names the three parts, in the clear. */
    private static ChainCall deployAndCall(EthAddress account, Erc6492Signature wrapper, ChainCall call) {
        return new ChainCall(ACCOUNT_RELAY, "0x" + account.toLowerHex().substring(2) + wrapper.factory().toLowerHex()
                .substring(2) + call.calldata().substring(2));
    }

    @Test
    void anIntentSignedOnePastAPendingOneIsQueuedWithoutSimulation() {
        service.relay(patient.address(), signed(grant(0, Scope.all(), Action.READ)), List.of()).block();

        ChainRequest queued = service.relay(patient.address(), signed(revocation(1, Scope.all()))).block().request();

        assertThat(relayer.simulated).as("only the first: the chain cannot judge the second yet").hasSize(1);
        assertThat(queued.gasLimit()).as("the sender simulates it when it is next").isEmpty();
        assertThat(queued.intent()).isEqualTo(new RevocationIntent(doctor, Scope.all(), Action.READ,
                Optional.of(BigInteger.ONE)));
        assertThat(requests.all()).hasSize(2);
    }

    @Test
    void refusesAQueuedIntentSignedForAnotherChainWithConsent0001() {
        service.relay(patient.address(), signed(grant(0, Scope.all(), Action.READ)), List.of()).block();
        GrantMessage next = grant(1, Scope.all(), Action.READ);
        Eip712Domain mainnet = Eip712Domain.consentRegistry(1, FakeConsentRegistry.ADDRESS);

        assertRefused(service.relay(patient.address(), new SignedGrant(next, patient.sign(TypedData.of(mainnet, next))),
                List.of()), ErrorCode.CONSENT_INVALID_SIGNER);
        assertThat(requests.all()).hasSize(1);
    }

    @Test
    void refusesAQueuedIntentPastItsDeadlineWithConsent0002() {
        service.relay(patient.address(), signed(grant(0, Scope.all(), Action.READ)), List.of()).block();
        clock.now = T0.plus(Duration.ofHours(1));

        assertRefused(service.relay(patient.address(), signed(revocation(1, Scope.all()))),
                ErrorCode.CONSENT_SIGNATURE_EXPIRED);
        assertThat(requests.all()).hasSize(1);
    }

    @Test
    void refusesANonceHeldByAPendingIntentOrSkippingOneWithConsent0003() {
        service.relay(patient.address(), signed(grant(0, Scope.all(), Action.READ)), List.of()).block();

        assertRefused(service.relay(patient.address(), signed(revocation(0, Scope.all()))),
                ErrorCode.CONSENT_NONCE_MISMATCH);
        assertRefused(service.relay(patient.address(), signed(grant(2, Scope.all(), Action.READ)), List.of()),
                ErrorCode.CONSENT_NONCE_MISMATCH);
        assertThat(requests.all()).hasSize(1);
    }

    @Test
    void anAcceptedRevocationDeniesAtOnceAndStoresItsIntent() {
        ChainRequest accepted = service.relay(patient.address(), signed(revocation(0, Scope.of(labResult))))
                .block().request();

        assertThat(accepted.kind()).isEqualTo(RelayKind.REVOCATION);
        assertThat(accepted.gasLimit()).contains(SimulatingRelayer.GAS);
        assertThat(accepted.intent()).isEqualTo(new RevocationIntent(doctor, Scope.of(labResult), Action.READ,
                Optional.of(BigInteger.ZERO)));
        assertThat(access.pendingRevocations).containsExactly(
                new GrantKey(patient.address(), doctor, labResult.toBytes32(), Action.READ.code()));
        assertThat(requests.all()).containsExactly(accepted);
    }

    @Test
    void aConfirmedGrantIsJournaledAndItsBlockObserved() {
        ChainRequest accepted = service.relay(patient.address(), signed(grant(0, Scope.all(), Action.READ)),
                List.of(keyFor(labResult))).block().request();
        ChainRequest confirmed = confirmed(accepted, 17);

        service.grantEffects().onConfirmed(confirmed).block();

        assertThat(journal.entries).containsExactly(new RelayedTransaction(RelayKind.GRANT, patient.address(),
                confirmed.transaction().orElseThrow(), T0));
        assertThat(access.minedBlocks).containsExactly(17L);
        assertThat(records.keyFor(labResult, doctor).block()).as("kept").isNotNull();
    }

    @Test
    void aFailedGrantDropsTheKeysStoredWithItAndNoOthers() {
        EthAddress nurse = Patients.newAddress();
        records.saveKeys(labResult, List.of(new ReaderKey(nurse, wrapped(3)))).block();
        ChainRequest accepted = service.relay(patient.address(), signed(grant(0, Scope.all(), Action.READ)),
                List.of(keyFor(labResult), keyFor(diagnosis))).block().request();

        service.grantEffects().onFailed(accepted.failed("CONSENT-0008", "expired", T0)).block();

        assertThat(records.keyFor(labResult, doctor).block()).isNull();
        assertThat(records.keyFor(diagnosis, doctor).block()).isNull();
        assertThat(records.keyFor(labResult, nurse).block()).isEqualTo(new ReaderKey(nurse, wrapped(3)));
        assertThat(journal.entries).isEmpty();
    }

    @Test
    void aFailedReGrantKeepsTheKeyOfAnEarlierGrantTheChainStillHonours() {
        registry.allow(new AccessQuery(patient.address(), doctor, labResult, Action.READ));
        ChainRequest regrant = service.relay(patient.address(), signed(grant(0, Scope.all(), Action.READ)),
                List.of(keyFor(labResult), keyFor(diagnosis))).block().request();

        service.grantEffects().onFailed(regrant.failed("OUTBOX-0001", "nonce used", T0)).block();

        assertThat(records.keyFor(labResult, doctor).block()).as("the earlier grant's").isNotNull();
        assertThat(records.keyFor(diagnosis, doctor).block()).as("served only the failed grant").isNull();
    }

    @Test
    void aFailedGrantKeepsAKeyThatAnotherPendingGrantToTheSameGranteeStored() {
        ChainRequest first = service.relay(patient.address(), signed(grant(0, Scope.all(), Action.READ)),
                List.of(keyFor(labResult))).block().request();
        service.relay(patient.address(), signed(grant(1, Scope.of(Category.OBSERVATION), Action.READ)),
                List.of(keyFor(labResult))).block();

        service.grantEffects().onFailed(first.failed("OUTBOX-0001", "nonce used", T0)).block();

        assertThat(records.keyFor(labResult, doctor).block()).isNotNull();
    }

    @Test
    void aFailedGrantAcceptedBeforeItsTermsWereStoredDropsNothing() {
        records.saveKeys(labResult, List.of(new ReaderKey(doctor, wrapped(7)))).block();
        ChainRequest beforeV4 = ChainRequest.accepted("old", RelayKind.GRANT, patient.address(), patient.address(),
                doctor.toString(), new ChainCall(FakeConsentRegistry.ADDRESS, "0x01"), SubjectOnlyIntent.INSTANCE, T0);

        service.grantEffects().onFailed(beforeV4.failed("CHAIN-0002", "refused", T0)).block();

        assertThat(records.keyFor(labResult, doctor).block()).isNotNull();
    }

    @Test
    void aConfirmedRevocationDropsTheKeysTheGranteeCanNoLongerUseAndMarksThoseRecordsForRekeying() {
        for (RecordId record : List.of(labResult, bloodCount, diagnosis)) {
            records.saveKeys(record, List.of(new ReaderKey(doctor, wrapped(7)))).block();
        }
        registry.allow(new AccessQuery(patient.address(), doctor, bloodCount, Action.READ)); // another grant
        ChainRequest accepted = service.relay(patient.address(), signed(revocation(0, Scope.of(Category.OBSERVATION))))
                .block().request();
        ChainRequest confirmed = confirmed(accepted, 23);

        service.revocationEffects().onConfirmed(confirmed).block();

        assertThat(records.keyFor(labResult, doctor).block()).as("revoked").isNull();
        assertThat(records.version(labResult).orElseThrow().rekeyRequired()).isTrue();
        assertThat(records.keyFor(bloodCount, doctor).block()).as("still granted").isNotNull();
        assertThat(records.version(bloodCount).orElseThrow().rekeyRequired()).isFalse();
        assertThat(records.keyFor(diagnosis, doctor).block()).as("outside the scope").isNotNull();
        assertThat(records.version(diagnosis).orElseThrow().rekeyRequired()).isFalse();
        assertThat(journal.entries).extracting(RelayedTransaction::kind).containsExactly(RelayKind.REVOCATION);
        assertThat(access.minedBlocks).containsExactly(23L);
    }

    @Test
    void aConfirmedRevocationIsJournaledEvenWhenItsKeysCannotBeDropped() {
        records.saveKeys(labResult, List.of(new ReaderKey(doctor, wrapped(7)))).block();
        ChainRequest accepted = service.relay(patient.address(), signed(revocation(0, Scope.all()))).block()
                .request();
        registry.failReads = Optional.of(new DomainException(ErrorCode.CHAIN_UNAVAILABLE, "node down"));

        service.revocationEffects().onConfirmed(confirmed(accepted, 30)).block();

        assertThat(journal.entries).hasSize(1);
        assertThat(records.keyFor(labResult, doctor).block()).as("kept until a later revocation").isNotNull();
    }

    @Test
    void aFailedRevocationChangesNothing() {
        records.saveKeys(labResult, List.of(new ReaderKey(doctor, wrapped(7)))).block();
        ChainRequest accepted = service.relay(patient.address(), signed(revocation(0, Scope.all()))).block()
                .request();

        service.revocationEffects().onFailed(accepted.failed("CONSENT-0009", "no grant", T0)).block();

        assertThat(records.keyFor(labResult, doctor).block()).isNotNull();
        assertThat(records.version(labResult).orElseThrow().rekeyRequired()).isFalse();
        assertThat(journal.entries).isEmpty();
    }

    @Test
    void acceptsANonceCancellationSimulatedOnChainWithTheNoncesItVoids() {
        SignedNonceCancellation signed = signed(cancellation(0, 10));

        ChainRequest accepted = service.relay(patient.address(), signed).block().request();

        assertThat(accepted.kind()).isEqualTo(RelayKind.NONCE_CANCELLATION);
        assertThat(accepted.patient()).isEqualTo(patient.address());
        assertThat(accepted.subject()).isEqualTo(patient.address().toString());
        assertThat(accepted.call()).contains(registry.cancellationCall(signed));
        assertThat(accepted.gasLimit()).as("simulated on acceptance").contains(SimulatingRelayer.GAS);
        assertThat(accepted.intent()).isEqualTo(new NonceCancellationIntent(BigInteger.ZERO, BigInteger.TEN));
        assertThat(requests.all()).containsExactly(accepted);
        assertThat(senderWakeUps).isEqualTo(1);
    }

    @Test
    void aPendingCancellationTakesEveryNonceItVoidsAndTheNextIntentIsSignedWithItsNewNonce() {
        service.relay(patient.address(), signed(grant(0, Scope.all(), Action.READ)), List.of()).block();
        ChainRequest queued = service.relay(patient.address(), signed(cancellation(1, 10))).block().request();

        assertThat(queued.gasLimit()).as("queued behind the grant: simulated when sent").isEmpty();
        assertThat(service.nextNonce(patient.address()).block()).isEqualTo(10);
        for (long voided : new long[] {1, 2, 9}) {
            assertThatThrownBy(() -> service.relay(patient.address(), signed(grant(voided, Scope.all(),
                    Action.READ)), List.of()).block()).isInstanceOfSatisfying(DomainException.class, refused -> {
                        assertThat(refused.errorCode()).isEqualTo(ErrorCode.CONSENT_NONCE_MISMATCH);
                        assertThat(refused.getMessage()).contains(queued.id()).contains("sign this one with nonce 10");
                    });
        }
        assertRefused(service.relay(patient.address(), signed(grant(11, Scope.all(), Action.READ)), List.of()),
                ErrorCode.CONSENT_NONCE_MISMATCH);

        ChainRequest after = service.relay(patient.address(), signed(revocation(10, Scope.all()))).block().request();
        assertThat(requests.all()).hasSize(3).contains(queued, after);
    }

    @Test
    void refusesAnotherPatientsCancellationAndAQueuedOneWhoseSignatureIsForAnotherMessage() {
        assertRefused(service.relay(doctor, signed(cancellation(0, 10))), ErrorCode.REQUEST_NOT_PATIENT);
        service.relay(patient.address(), signed(grant(0, Scope.all(), Action.READ)), List.of()).block();
        CancelNoncesMessage next = cancellation(1, 10);
        CancelNoncesMessage signedInstead = cancellation(1, 11);

        assertRefused(service.relay(patient.address(), new SignedNonceCancellation(next,
                patient.sign(TypedData.of(DOMAIN, signedInstead)))), ErrorCode.CONSENT_INVALID_SIGNER);
        assertThat(requests.all()).hasSize(1);
    }

    @Test
    void refusesDeadlinesPassedOrFurtherAheadThanAcceptedAndExpiriesPassedBeforeSimulating() {
        Instant tooFar = T0.plus(Duration.ofDays(30)).plusSeconds(1);
        var farGrant = new GrantMessage(patient.address(), doctor, Scope.all(), Action.READ, Purpose.TREAT,
                tooFar.plusSeconds(60), BigInteger.ZERO, tooFar);
        var expiredGrant = new GrantMessage(patient.address(), doctor, Scope.all(), Action.READ, Purpose.TREAT, T0,
                BigInteger.ZERO, T0.plusSeconds(60));
        var farRevocation = new RevocationMessage(patient.address(), doctor, Scope.all(), Action.READ,
                BigInteger.ZERO, tooFar);
        var passedCancellation = new CancelNoncesMessage(patient.address(), BigInteger.TEN, BigInteger.ZERO, T0);

        assertRefused(service.relay(patient.address(), signed(farGrant), List.of()),
                ErrorCode.CONSENT_DEADLINE_TOO_FAR);
        assertRefused(service.relay(patient.address(), signed(expiredGrant), List.of()),
                ErrorCode.CONSENT_EXPIRY_IN_PAST);
        assertRefused(service.relay(patient.address(), signed(farRevocation)), ErrorCode.CONSENT_DEADLINE_TOO_FAR);
        assertRefused(service.relay(patient.address(), signed(passedCancellation)),
                ErrorCode.CONSENT_SIGNATURE_EXPIRED);
        assertThat(relayer.simulated).isEmpty();
        assertNothingAccepted();

        var atTheLimit = new GrantMessage(patient.address(), doctor, Scope.all(), Action.READ, Purpose.TREAT,
                tooFar, BigInteger.ZERO, tooFar.minusSeconds(1));
        assertThat(service.relay(patient.address(), signed(atTheLimit), List.of()).block()).isNotNull();
    }

    @Test
    void aConfirmedCancellationIsJournaledAndAFailedOneChangesNothing() {
        ChainRequest accepted = service.relay(patient.address(), signed(cancellation(0, 10))).block().request();

        service.nonceCancellationEffects().onFailed(accepted.failed("CONSENT-0003", "nonce used", T0)).block();
        assertThat(journal.entries).isEmpty();

        service.nonceCancellationEffects().onConfirmed(confirmed(accepted, 19)).block();
        assertThat(journal.entries).extracting(RelayedTransaction::kind)
                .containsExactly(RelayKind.NONCE_CANCELLATION);
        assertThat(access.minedBlocks).containsExactly(19L);
    }

    @Test
    void checksAreTheAccessChecksAnswer() {
        AccessQuery query = new AccessQuery(patient.address(), doctor, labResult, Action.READ);
        access.decide = asked -> new AccessDecision(asked, true, 12);

        assertThat(service.check(query).block()).isEqualTo(new AccessDecision(query, true, 12));
    }

    @Test
    void theNextNonceIsTheChainsUntilAnIntentIsPendingThenOnePastIt() {
        registry.setNextNonce(patient.address(), 4);
        assertThat(service.nextNonce(patient.address()).block()).isEqualTo(4);

        service.relay(patient.address(), signed(grant(4, Scope.all(), Action.READ)), List.of()).block();

        assertThat(service.nextNonce(patient.address()).block()).isEqualTo(5);
    }

    @Test
    void theNextNonceFailsWithTheChainsErrorWhenTheNodeIsDown() {
        registry.failReads = Optional.of(new DomainException(ErrorCode.CHAIN_UNAVAILABLE, "node down"));

        assertRefused(service.nextNonce(patient.address()), ErrorCode.CHAIN_UNAVAILABLE);
    }

    private GrantMessage grant(long nonce, Scope scope, Action action) {
        return new GrantMessage(patient.address(), doctor, scope, action, Purpose.TREAT, T0.plus(Duration.ofDays(30)),
                BigInteger.valueOf(nonce), T0.plus(Duration.ofHours(1)));
    }

    private RevocationMessage revocation(long nonce, Scope scope) {
        return new RevocationMessage(patient.address(), doctor, scope, Action.READ, BigInteger.valueOf(nonce),
                T0.plus(Duration.ofHours(1)));
    }

    private CancelNoncesMessage cancellation(long nonce, long newNonce) {
        return new CancelNoncesMessage(patient.address(), BigInteger.valueOf(newNonce), BigInteger.valueOf(nonce),
                T0.plus(Duration.ofHours(1)));
    }

    private SignedNonceCancellation signed(CancelNoncesMessage cancellation) {
        return new SignedNonceCancellation(cancellation, patient.sign(TypedData.of(DOMAIN, cancellation)));
    }

    private SignedGrant signed(GrantMessage grant) {
        return new SignedGrant(grant, patient.sign(TypedData.of(DOMAIN, grant)));
    }

    private SignedRevocation signed(RevocationMessage revocation) {
        return new SignedRevocation(revocation, patient.sign(TypedData.of(DOMAIN, revocation)));
    }

    private static RecordKeyForGrantee keyFor(RecordId record) {
        return new RecordKeyForGrantee(record, wrapped(7));
    }

    /** Opaque bytes in a wrapped key's shape: the service stores and drops keys, it never opens them. */
    private static WrappedKey wrapped(int fill) {
        byte[] bytes = new byte[WrappedKey.LENGTH];
        Arrays.fill(bytes, (byte) fill);
        return WrappedKey.fromBytes(bytes);
    }

    private RecordVersion anchored(RecordId id) {
        return new RecordVersion(id, id.patient(), RecordOrigin.CLIENT, RecordStatus.ANCHORED, "application/fhir+json",
                Optional.empty(), Optional.empty(), 100, Optional.empty(), Optional.empty(), false, T0, T0);
    }

    private ChainRequest confirmed(ChainRequest accepted, long block) {
        MinedTransaction mined = new MinedTransaction("0x" + "%064x".formatted(block), block, 60_000);
        return accepted.sent("tx-" + block, T0).mined(mined, T0).confirmed(T0);
    }

    private void assertNothingAccepted() {
        assertThat(requests.all()).isEmpty();
        for (RecordId record : List.of(labResult, bloodCount, diagnosis)) {
            assertThat(records.keyFor(record, doctor).block()).as("no key for " + record).isNull();
        }
        assertThat(senderWakeUps).isZero();
    }

    private static void assertRefused(Mono<?> answer, ErrorCode code) {
        assertThatThrownBy(answer::block).isInstanceOfSatisfying(DomainException.class,
                refused -> assertThat(refused.errorCode()).isEqualTo(code));
    }
}
