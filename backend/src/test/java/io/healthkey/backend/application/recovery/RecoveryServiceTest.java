package io.healthkey.backend.application.recovery;

import static io.healthkey.backend.support.DomainErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.web3j.crypto.Sign;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.account.AccountSignaturePort;
import io.healthkey.backend.application.record.IndexedAnchors;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.error.RetryAfter;
import io.healthkey.backend.domain.record.AnchoredRecord;
import io.healthkey.backend.domain.recovery.RecoveryEvent;
import io.healthkey.backend.domain.recovery.RecoveryEvent.Kind;
import io.healthkey.backend.domain.recovery.RecoveryPolicy;
import io.healthkey.backend.domain.recovery.RecoveryRequest;
import io.healthkey.backend.domain.recovery.ShareTransfer;
import io.healthkey.backend.support.Wallet;
import io.healthkey.backend.support.fakes.InMemoryContentStore;
import io.healthkey.backend.support.fakes.InMemoryRecoveryStore;
import io.healthkey.backend.support.fakes.RecordStack;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.DecryptionFailedException;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.ProtocolException;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.EthSignature;
import io.healthkey.protocol.eip712.ShareTransferMessage;
import io.healthkey.protocol.eip712.TypedData;
import io.healthkey.protocol.keywrap.Ecies;
import io.healthkey.protocol.recovery.Guardian;
import io.healthkey.protocol.recovery.RecoveryKit;
import io.healthkey.protocol.recovery.RecoveryKits;
import io.healthkey.protocol.recovery.ShareTransfers;
import io.healthkey.protocol.recovery.VerifiedShareTransfer;

/**
 * Guardian recovery over in-memory fakes of every port, with real kits, shares and signatures: the patient asks
 * with a new device key, guardians fetch the kit and transfer their re-wrapped shares, the patient's client rebuilds
 * the key; every refused step changes nothing and is answered with its code.
 */
class RecoveryServiceTest {

    private static final EthAddress REGISTRY = EthAddress.parse("0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0");
    private static final Eip712Domain DOMAIN = Eip712Domain.recovery(RecordStack.CHAIN_ID, REGISTRY);
    private static final Duration TTL = Duration.ofDays(7);
    /** A contract wallet guardian: its address has no key; {@link #CONTRACT_OWNER} signs for it (ERC-1271). */
    private static final EthAddress CONTRACT_GUARDIAN = EthAddress.parse("0x00000000000000000000000000000000000c0de1");

    private final RecordStack stack = new RecordStack(DefaultDataBufferFactory.sharedInstance);
    private final InMemoryRecoveryStore store = new InMemoryRecoveryStore();
    private final List<EthAddress> walletsAsked = new ArrayList<>();
    private static final Wallet CONTRACT_OWNER = Wallet.create();
    private final EncryptionPrivateKey contractGuardianKey = EncryptionPrivateKey.generate();
    private final RecoveryService recovery = service(new RecoveryPolicy(3, TTL));

    private final EthAddress patient = stack.patient.address();
    private final EncryptionPrivateKey patientKey = stack.patient.key();
    private final EncryptionPrivateKey device = EncryptionPrivateKey.generate();
    private final List<Wallet> guardians = List.of(Wallet.create(), Wallet.create(), Wallet.create());
    private final Wallet stranger = Wallet.create();
    private final RecoveryKits kits = new RecoveryKits();
    private long serial;

    @Test
    void twoOfThreeGuardiansGiveTheKeyBackToTheNewDeviceAndTheLogShowsEveryStep() {
        RecoveryKit kit = storeKit(guardians);

        RecoveryRequest request = recovery.request(patient, device.publicKey()).block();
        assertThat(request.guardians()).containsExactlyElementsOf(guardians.stream().map(Wallet::address).toList());
        assertThat(request.kitId()).isEqualTo(kit.kitId());
        assertThat(recovery.openFor(guardians.get(1).address()).collectList().block()).containsExactly(request);
        assertThat(recovery.openFor(stranger.address()).collectList().block()).isEmpty();

        for (Wallet guardian : guardians.subList(1, 3)) {
            RecoveryKit fetched = RecoveryKit.parse(recovery.kit(guardian.address(), request.id()).block());
            transfer(guardian, request.id(), release(fetched, guardian, device.publicKey(), DOMAIN)).block();
        }

        List<ShareTransfer> transfers = recovery.transfers(patient, request.id()).collectList().block();
        List<VerifiedShareTransfer> verified = transfers.stream().map(t -> ShareTransfers.verify(kit, DOMAIN,
                t.message(), t.signature().asEcdsa().orElseThrow(), device.publicKey(), stack.clock.instant())).toList();
        assertThat(kits.recover(kit, verified, device)).isEqualTo(patientKey);
        assertThat(recovery.log(patient, patient).collectList().block())
                .extracting(RecoveryEvent::kind, RecoveryEvent::actor)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Kind.SHARE_TRANSFERRED, guardians.get(2).address()),
                        org.assertj.core.groups.Tuple.tuple(Kind.KIT_FETCHED, guardians.get(2).address()),
                        org.assertj.core.groups.Tuple.tuple(Kind.SHARE_TRANSFERRED, guardians.get(1).address()),
                        org.assertj.core.groups.Tuple.tuple(Kind.KIT_FETCHED, guardians.get(1).address()),
                        org.assertj.core.groups.Tuple.tuple(Kind.REQUESTED, patient));
        assertThat(store.events).allMatch(event -> event.deviceKey().equals(device.publicKey())
                && event.requestId().equals(request.id()));
    }

    @Test
    void oneGuardianAloneRecoversNothing() {
        RecoveryKit kit = storeKit(guardians);
        RecoveryRequest request = recovery.request(patient, device.publicKey()).block();
        ShareTransfer only = transfer(guardians.get(0), request.id(), release(kit, guardians.get(0))).block();

        VerifiedShareTransfer verified = ShareTransfers.verify(kit, DOMAIN, only.message(), only.signature().asEcdsa().orElseThrow(),
                device.publicKey(), stack.clock.instant());
        assertThatThrownBy(() -> kits.recover(kit, List.of(verified), device)).isInstanceOf(ProtocolException.class);
    }

    /** What the server keeps opens with the device key only: not with a guardian's, so it never holds a share. */
    @Test
    void theServerHoldsSharesWrappedForTheDeviceKeyOnly() {
        RecoveryKit kit = storeKit(guardians);
        RecoveryRequest request = recovery.request(patient, device.publicKey()).block();
        transfer(guardians.get(0), request.id(), release(kit, guardians.get(0))).block();

        byte[] stored = store.transfers.get(0).message().share();
        assertThat(new Ecies().decrypt(device, stored)).hasSize(33);
        assertThatThrownBy(() -> new Ecies().decrypt(guardians.get(0).encryptionKey(), stored))
                .isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void theCurrentKitIsThePatientsNewestAnchoredOne() {
        storeKit(guardians);
        RecoveryKit newer = storeKit(guardians.subList(0, 2));
        RecordId byAProvider = RecordId.of(patient, Category.RECOVERY_KIT, ++serial);
        stack.anchored(byAProvider, stack.provider, kitFor(guardians, patientKey).toBytes());

        RecoveryRequest request = recovery.request(patient, device.publicKey()).block();

        assertThat(request.kitId()).isEqualTo(newer.kitId());
        assertThat(request.guardians()).hasSize(2);
    }

    /** A database lost after the kit was anchored: the kit is rebuilt from the event index and the content store. */
    @Test
    void aKitTheDatabaseLostIsFoundThroughTheEventIndex() {
        RecoveryKit kit = kitFor(guardians, patientKey);
        RecordId id = RecordId.of(patient, Category.RECOVERY_KIT, ++serial);
        stack.index.index(new AnchoredRecord(id, patient, stack.content.add(kit.toBytes()), Optional.empty(),
                "0x" + "ab".repeat(32), 7));

        RecoveryRequest request = recovery.request(patient, device.publicKey()).block();

        assertThat(request.kitId()).isEqualTo(kit.kitId());
        assertThat(request.kitRecord()).isEqualTo(id);
    }

    @Test
    void thePatientReadsItsCurrentKitAsAnchoredAndNobodyElseDoes() {
        storeKit(guardians);
        RecoveryKit newer = storeKit(guardians.subList(0, 2));

        RecoveryUseCase.CurrentKit current = recovery.currentKit(patient, patient).block();

        assertThat(RecoveryKit.parse(current.bytes())).isEqualTo(newer);
        assertThat(current.cid()).isEqualTo(InMemoryContentStore.cidOf(current.bytes()));
        assertThat(current.record().patient()).isEqualTo(patient);
        assertFailsWith(recovery.currentKit(guardians.get(0).address(), patient), ErrorCode.REQUEST_NOT_PATIENT);
        assertFailsWith(recovery.currentKit(stranger.address(), stranger.address()), ErrorCode.RECOVERY_NO_KIT);
    }

    @Test
    void aPatientWithoutAnAnchoredKitGetsRecovery0002() {
        assertFailsWith(recovery.request(patient, device.publicKey()), ErrorCode.RECOVERY_NO_KIT);
        assertThat(store.requests).isEmpty();
        assertThat(store.events).isEmpty();
    }

    @Test
    void requestsPastTheDailyLimitGetRecovery0003UntilTheNextUtcDay() {
        RecoveryService limited = service(new RecoveryPolicy(2, TTL));
        storeKit(guardians);
        limited.request(patient, device.publicKey()).block();
        limited.request(patient, device.publicKey()).block();

        DomainException refused = assertFailsWith(limited.request(patient, device.publicKey()),
                ErrorCode.RECOVERY_REQUESTS_EXHAUSTED);
        assertThat(RetryAfter.seconds(refused)).contains(Duration.ofHours(14).toSeconds());
        assertThat(store.requests).hasSize(2);

        stack.clock.now = stack.clock.now.plus(Duration.ofHours(14));
        assertThat(limited.request(patient, device.publicKey()).block()).isNotNull();
    }

    @Test
    void aTransferFromANonGuardianGetsRecovery0006AndChangesNothing() {
        RecoveryKit kit = storeKit(guardians);
        RecoveryRequest request = recovery.request(patient, device.publicKey()).block();
        Signed byGuardian = release(kit, guardians.get(0));

        assertRefused(transfer(stranger, request.id(), byGuardian), ErrorCode.RECOVERY_NOT_GUARDIAN);
        assertRefused(recovery.transfer(patient, request.id(), byGuardian.message(), AccountSignature.of(byGuardian.signature())),
                ErrorCode.RECOVERY_NOT_GUARDIAN);
    }

    @Test
    void aTransferForAnotherDeviceKeyKitOrGuardianGetsRecovery0008AndChangesNothing() {
        RecoveryKit old = storeKit(guardians);
        RecoveryKit current = storeKit(guardians);
        RecoveryRequest request = recovery.request(patient, device.publicKey()).block();
        Wallet guardian = guardians.get(0);

        assertRefused(transfer(guardian, request.id(),
                release(current, guardian, EncryptionPrivateKey.generate().publicKey(), DOMAIN)),
                ErrorCode.RECOVERY_TRANSFER_MISMATCH);
        assertRefused(transfer(guardian, request.id(), release(old, guardian)), ErrorCode.RECOVERY_TRANSFER_MISMATCH);
        assertRefused(transfer(guardian, request.id(), release(current, guardians.get(1))),
                ErrorCode.RECOVERY_TRANSFER_MISMATCH);
    }

    @Test
    void aTransferForAnotherRequestGetsRecovery0008() {
        RecoveryKit kit = storeKit(guardians);
        RecoveryRequest first = recovery.request(patient, device.publicKey()).block();
        RecoveryRequest second = recovery.request(patient, EncryptionPrivateKey.generate().publicKey()).block();
        Signed forFirst = release(kit, guardians.get(0));

        assertRefused(transfer(guardians.get(0), second.id(), forFirst), ErrorCode.RECOVERY_TRANSFER_MISMATCH);
        assertThat(first.id()).isNotEqualTo(second.id());
    }

    @Test
    void aForgedSignatureOrOneForAnotherChainOrDeploymentGetsRecovery0010AndChangesNothing() {
        RecoveryKit kit = storeKit(guardians);
        RecoveryRequest request = recovery.request(patient, device.publicKey()).block();
        Wallet guardian = guardians.get(0);
        ShareTransferMessage message = release(kit, guardian).message();

        for (Eip712Domain wrong : List.of(Eip712Domain.recovery(1, REGISTRY),
                Eip712Domain.recovery(RecordStack.CHAIN_ID, patient))) {
            assertRefused(transfer(guardian, request.id(), release(kit, guardian, device.publicKey(), wrong)),
                    ErrorCode.RECOVERY_INVALID_SIGNER);
        }
        assertRefused(transfer(guardian, request.id(), new Signed(message, sign(stranger, message))),
                ErrorCode.RECOVERY_INVALID_SIGNER);
        assertThat(walletsAsked).containsOnly(guardian.address());
    }

    @Test
    void aReplayedTransferGetsRecovery0007AndIsStoredOnce() {
        RecoveryKit kit = storeKit(guardians);
        RecoveryRequest request = recovery.request(patient, device.publicKey()).block();
        Signed signed = release(kit, guardians.get(0));
        transfer(guardians.get(0), request.id(), signed).block();
        int events = store.events.size();

        assertFailsWith(transfer(guardians.get(0), request.id(), signed), ErrorCode.RECOVERY_SHARE_ALREADY_TRANSFERRED);
        assertThat(store.transfers).hasSize(1);
        assertThat(store.events).hasSize(events);
    }

    @Test
    void anExpiredRequestGetsRecovery0005AndAnExpiredTransferRecovery0009() {
        RecoveryKit kit = storeKit(guardians);
        RecoveryRequest request = recovery.request(patient, device.publicKey()).block();
        Signed late = release(kit, guardians.get(0));
        stack.clock.now = late.message().deadline().plusSeconds(1);

        assertRefused(transfer(guardians.get(0), request.id(), late), ErrorCode.RECOVERY_TRANSFER_EXPIRED);

        stack.clock.now = request.expiresAt();
        assertRefused(transfer(guardians.get(0), request.id(), release(kit, guardians.get(0))),
                ErrorCode.RECOVERY_REQUEST_EXPIRED);
        assertFailsWith(recovery.kit(guardians.get(0).address(), request.id()), ErrorCode.RECOVERY_REQUEST_EXPIRED);
        assertThat(recovery.openFor(guardians.get(0).address()).collectList().block()).isEmpty();
        assertThat(recovery.kit(patient, request.id()).block()).isEqualTo(kit.toBytes());
    }

    @Test
    void aContractWalletGuardianTransfersWithItsOwnersSignatureThroughErc1271() {
        ContractTransfer contract = contractGuardianTransfer();

        ShareTransfer accepted = recovery.transfer(CONTRACT_GUARDIAN, contract.requestId(), contract.message(),
                AccountSignature.of(sign(CONTRACT_OWNER, contract.message()))).block();

        assertThat(accepted.message()).isEqualTo(contract.message());
        assertThat(walletsAsked).containsExactly(CONTRACT_GUARDIAN);
        assertRefused(recovery.transfer(CONTRACT_GUARDIAN, contract.requestId(), contract.message(),
                AccountSignature.of(sign(CONTRACT_OWNER, contract.message()))), ErrorCode.RECOVERY_SHARE_ALREADY_TRANSFERRED);
    }

    /** A passkey account's signature is hundreds of bytes: the wallet is asked with the exact digest and all of it. */
    @Test
    void aContractWalletGuardianWhoseSignatureIsNotA65ByteKeySignatureTransfers() {
        ContractTransfer contract = contractGuardianTransfer();
        Bytes32 digest = TypedData.of(DOMAIN, contract.message()).digest();

        ShareTransfer accepted = recovery.transfer(CONTRACT_GUARDIAN, contract.requestId(), contract.message(),
                AccountSignature.fromBytes(passkeyStyleSignature(digest))).block();

        assertThat(accepted.signature().length()).isEqualTo(320);
        assertThat(accepted.signature().asEcdsa()).isEmpty();
        assertRefused(recovery.transfer(CONTRACT_GUARDIAN, contract.requestId(), contract.message(),
                AccountSignature.fromBytes(passkeyStyleSignature(digest))), ErrorCode.RECOVERY_SHARE_ALREADY_TRANSFERRED);
    }

    @Test
    void aContractWalletThatRefusesALongSignatureGetsRecovery0010() {
        ContractTransfer contract = contractGuardianTransfer();

        assertRefused(recovery.transfer(CONTRACT_GUARDIAN, contract.requestId(), contract.message(),
                AccountSignature.fromBytes(new byte[320])), ErrorCode.RECOVERY_INVALID_SIGNER);
    }

    @Test
    void aContractWalletThatRefusesTheSignatureGetsRecovery0010() {
        ContractTransfer contract = contractGuardianTransfer();

        assertRefused(recovery.transfer(CONTRACT_GUARDIAN, contract.requestId(), contract.message(),
                AccountSignature.of(sign(stranger, contract.message()))), ErrorCode.RECOVERY_INVALID_SIGNER);
    }

    @Test
    void onlyThePatientAndItsGuardiansSeeARequestOnlyThePatientItsTransfersAndLog() {
        storeKit(guardians);
        RecoveryRequest request = recovery.request(patient, device.publicKey()).block();

        assertThat(recovery.find(guardians.get(0).address(), request.id()).block()).isEqualTo(request);
        assertFailsWith(recovery.find(stranger.address(), request.id()), ErrorCode.RECOVERY_REQUEST_NOT_FOUND);
        assertFailsWith(recovery.kit(stranger.address(), request.id()), ErrorCode.RECOVERY_REQUEST_NOT_FOUND);
        assertFailsWith(recovery.transfers(guardians.get(0).address(), request.id()).then(),
                ErrorCode.REQUEST_NOT_PATIENT);
        assertFailsWith(recovery.log(guardians.get(0).address(), patient).then(), ErrorCode.REQUEST_NOT_PATIENT);
        assertFailsWith(recovery.find(patient, "no-such-request"), ErrorCode.RECOVERY_REQUEST_NOT_FOUND);
    }

    private RecoveryService service(RecoveryPolicy policy) {
        // the port's contract: a key's signature that recovers to the account is settled without the chain
        AccountSignaturePort accounts = (guardian, digest, signature) -> {
            if (signature.ecdsaSigner(digest).filter(guardian::equals).isPresent()) {
                return Mono.just(true);
            }
            walletsAsked.add(guardian);
            return Mono.just(guardian.equals(CONTRACT_GUARDIAN)
                    && (signature.ecdsaSigner(digest).filter(CONTRACT_OWNER.address()::equals).isPresent()
                            || Arrays.equals(signature.toBytes(), passkeyStyleSignature(digest))));
        };
        CurrentKits current = new CurrentKits(stack.records, stack.recovery,
                new IndexedAnchors(stack.index.indexer(), stack.index, stack.registry, stack.clock), stack.content,
                RecordStack.CHAIN_ID);
        return new RecoveryService(store, current, accounts, DOMAIN, policy, stack.clock);
    }

    /** A kit for {@code people} (and {@code others}), stored and anchored as the patient's newest record of 4098. */
    private RecoveryKit storeKit(List<Wallet> people, Guardian... others) {
        List<Guardian> named = new ArrayList<>(people.stream()
                .map(wallet -> new Guardian(wallet.address(), wallet.encryptionKey().publicKey())).toList());
        named.addAll(List.of(others));
        RecoveryKit kit = kits.create(patientKey, patient, RecordStack.CHAIN_ID, named, 2, RecordStack.NOW);
        stack.anchored(RecordId.of(patient, Category.RECOVERY_KIT, ++serial), stack.patient, kit.toBytes());
        return kit;
    }

    /** A request for a kit of a plain guardian and {@link #CONTRACT_GUARDIAN}, and the latter's unsigned transfer. */
    private ContractTransfer contractGuardianTransfer() {
        RecoveryKit kit = storeKit(List.of(guardians.get(0)),
                new Guardian(CONTRACT_GUARDIAN, contractGuardianKey.publicKey()));
        RecoveryRequest request = recovery.request(patient, device.publicKey()).block();
        return new ContractTransfer(request.id(),
                kits.transferShare(kit, contractGuardianKey, device.publicKey(), deadline()));
    }

    private record ContractTransfer(String requestId, ShareTransferMessage message) {
    }

    private RecoveryKit kitFor(List<Wallet> people, EncryptionPrivateKey key) {
        return kits.create(key, patient, RecordStack.CHAIN_ID, people.stream()
                .map(wallet -> new Guardian(wallet.address(), wallet.encryptionKey().publicKey())).toList(), 2,
                RecordStack.NOW);
    }

    private Signed release(RecoveryKit kit, Wallet guardian) {
        return release(kit, guardian, device.publicKey(), DOMAIN);
    }

    private Signed release(RecoveryKit kit, Wallet guardian, EncryptionPublicKey recipient, Eip712Domain domain) {
        ShareTransferMessage message = kits.transferShare(kit, guardian.encryptionKey(), recipient, deadline());
        return new Signed(message, guardian.signer().sign(TypedData.of(domain, message)));
    }

    private java.time.Instant deadline() {
        return stack.clock.instant().plus(Duration.ofHours(1));
    }

    /** Signs the transfer's digest whoever it names as guardian: a forgery, or a contract wallet's owner. */
    private static EthSignature sign(Wallet signer, ShareTransferMessage message) {
        Sign.SignatureData signature = Sign.signMessage(TypedData.of(DOMAIN, message).digest().toBytes(),
                signer.keyPair(), false);
        byte[] bytes = new byte[65];
        System.arraycopy(signature.getR(), 0, bytes, 0, 32);
        System.arraycopy(signature.getS(), 0, bytes, 32, 32);
        bytes[64] = signature.getV()[0];
        return EthSignature.fromBytes(bytes);
    }

    private Mono<ShareTransfer> transfer(Wallet caller, String requestId, Signed signed) {
        return recovery.transfer(caller.address(), requestId, signed.message(), AccountSignature.of(signed.signature()));
    }

    /** Refused with {@code code}, and nothing stored nor logged. */
    private void assertRefused(Mono<?> attempt, ErrorCode code) {
        List<ShareTransfer> transfers = List.copyOf(store.transfers);
        List<RecoveryEvent> events = List.copyOf(store.events);
        assertFailsWith(attempt, code);
        assertThat(store.transfers).isEqualTo(transfers);
        assertThat(store.events).isEqualTo(events);
    }

    /** What the fake guardian wallet accepts besides its owner's key: the digest ten times over, 320 bytes. */
    private static byte[] passkeyStyleSignature(Bytes32 digest) {
        byte[] signature = new byte[320];
        for (int i = 0; i < 10; i++) {
            System.arraycopy(digest.toBytes(), 0, signature, 32 * i, 32);
        }
        return signature;
    }

    private record Signed(ShareTransferMessage message, EthSignature signature) {
    }
}
