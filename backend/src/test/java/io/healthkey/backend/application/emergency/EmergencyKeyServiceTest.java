package io.healthkey.backend.application.emergency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import io.healthkey.backend.application.index.ChainTime;
import io.healthkey.backend.application.record.IndexedAnchors;
import io.healthkey.backend.application.recovery.CurrentKits;
import io.healthkey.backend.domain.emergency.EmergencyTransfer;
import io.healthkey.backend.domain.emergency.EmergencyWindow;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.backend.support.Patients;
import io.healthkey.backend.support.Wallet;
import io.healthkey.backend.support.fakes.RecordStack;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.ProtocolException;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.ShareTransferMessage;
import io.healthkey.protocol.eip712.TypedData;
import io.healthkey.protocol.recovery.Guardian;
import io.healthkey.protocol.recovery.RecoveryKit;
import io.healthkey.protocol.recovery.RecoveryKits;
import io.healthkey.protocol.recovery.ShareTransfers;
import io.healthkey.protocol.recovery.VerifiedShareTransfer;

/**
 * The key in an emergency, with the guardian recovery machinery: 2 of 3 keyholders re-wrap their shares of the
 * patient's emergency kit for the requester, who rebuilds the emergency key once its window is open; and the
 * refusals, each storing nothing.
 */
class EmergencyKeyServiceTest {

    private static final Eip712Domain DOMAIN = Eip712Domain.recovery(RecordStack.CHAIN_ID,
            EthAddress.parse("0x5fbdb2315678afecb367f032d93f642f64180aa3"));

    private final RecordStack stack = new RecordStack(DefaultDataBufferFactory.sharedInstance);
    private final InMemoryEmergencyEvents events = new InMemoryEmergencyEvents();
    private final InMemoryTransfers transfers = new InMemoryTransfers();
    private final EthAddress patient = stack.patient.address();
    private final EncryptionPrivateKey emergencyKey = EncryptionPrivateKey.generate();
    private final List<Wallet> keyholders = List.of(Wallet.create(), Wallet.create(), Wallet.create());
    private final Wallet doctor = Wallet.create();
    private final RecoveryKits kits = new RecoveryKits();
    private final RecoveryKit kit = kits.create(emergencyKey, patient, RecordStack.CHAIN_ID, keyholders.stream()
            .map(wallet -> new Guardian(wallet.address(), wallet.encryptionKey().publicKey())).toList(), 2,
            RecordStack.NOW);
    private final EmergencyKeyService service = new EmergencyKeyService(new CurrentKits(stack.records, stack.recovery,
            new IndexedAnchors(stack.index.indexer(), stack.index, stack.registry, stack.clock), stack.content,
            RecordStack.CHAIN_ID, Category.EMERGENCY_KIT), events, transfers, stack.directory,
            (account, digest, signature) -> Mono.just(signature.ecdsaSigner(digest).filter(account::equals)
                    .isPresent()), DOMAIN, stack.clock,
            ChainTime.following(stack.index.indexer(), stack.clock));

    EmergencyKeyServiceTest() {
        stack.anchored(RecordId.of(patient, Category.EMERGENCY_KIT, 1), stack.patient, kit.toBytes());
        stack.directory.publish(doctor.address(), doctor.encryptionKey().publicKey());
    }

    @Test
    void twoKeyholdersReleaseTheirSharesAndTheRequesterRebuildsTheEmergencyKeyOnceItsWindowIsOpen() {
        requested();
        for (Wallet keyholder : keyholders.subList(0, 2)) {
            RecoveryKit fetched = RecoveryKit.parse(service.kit(keyholder.address(), patient).block());
            transfer(keyholder, release(fetched, keyholder)).block();
        }
        assertRefused(service.transfers(doctor.address(), patient).then(), ErrorCode.EMERGENCY_NO_OPEN_WINDOW);
        windowOpen();

        RecoveryKit fetched = RecoveryKit.parse(service.kit(doctor.address(), patient).block());
        List<VerifiedShareTransfer> verified = service.transfers(doctor.address(), patient).collectList().block()
                .stream().map(t -> ShareTransfers.verify(fetched, DOMAIN, t.message(),
                        t.signature().asEcdsa().orElseThrow(), doctor.encryptionKey().publicKey(),
                        stack.clock.instant())).toList();

        assertThat(kits.recover(fetched, verified, doctor.encryptionKey())).isEqualTo(emergencyKey);
    }

    @Test
    void oneShareRebuildsNothing() {
        requested();
        transfer(keyholders.get(0), release(kit, keyholders.get(0))).block();
        windowOpen();

        List<VerifiedShareTransfer> verified = service.transfers(doctor.address(), patient).collectList().block()
                .stream().map(t -> ShareTransfers.verify(kit, DOMAIN, t.message(), t.signature().asEcdsa().orElseThrow(),
                        doctor.encryptionKey().publicKey(), stack.clock.instant())).toList();
        assertThatThrownBy(() -> kits.recover(kit, verified, doctor.encryptionKey()))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void refusesTransfersThatAreNotAKeyholdersOwnForThisRequesterNowAndStoresNothing() {
        Wallet stranger = Wallet.create();
        assertRefused(transfer(keyholders.get(0), release(kit, keyholders.get(0))), ErrorCode.EMERGENCY_NO_OPEN_WINDOW);
        requested();
        assertRefused(transfer(stranger, release(kit, keyholders.get(0))), ErrorCode.EMERGENCY_NOT_KEYHOLDER);
        ShareTransferMessage forStranger = kits.transferShare(kit, keyholders.get(1).encryptionKey(),
                stranger.encryptionKey().publicKey(), deadline());
        assertRefused(transfer(keyholders.get(1), new Signed(forStranger, keyholders.get(1))),
                ErrorCode.EMERGENCY_TRANSFER_MISMATCH);
        ShareTransferMessage mine = kits.transferShare(kit, keyholders.get(1).encryptionKey(),
                doctor.encryptionKey().publicKey(), deadline());
        assertRefused(service.transfer(keyholders.get(1).address(), patient, doctor.address(), mine,
                AccountSignature.fromBytes(Patients.signDigest(stranger.keyPair(),
                        TypedData.of(DOMAIN, mine).digest().toBytes()))), ErrorCode.EMERGENCY_INVALID_SIGNER);
        Eip712Domain otherChain = Eip712Domain.recovery(RecordStack.CHAIN_ID + 1, DOMAIN.verifyingContract());
        assertRefused(service.transfer(keyholders.get(1).address(), patient, doctor.address(), mine,
                AccountSignature.of(keyholders.get(1).signer().sign(TypedData.of(otherChain, mine)))),
                ErrorCode.EMERGENCY_INVALID_SIGNER);
        stack.clock.now = deadline().plusSeconds(1);
        assertRefused(transfer(keyholders.get(1), new Signed(mine, keyholders.get(1))),
                ErrorCode.EMERGENCY_TRANSFER_MISMATCH);
    }

    @Test
    void aSecondTransferOfOneKeyholderIsRefusedWith0024() {
        requested();
        transfer(keyholders.get(0), release(kit, keyholders.get(0))).block();

        assertRefused(transfer(keyholders.get(0), release(kit, keyholders.get(0))),
                ErrorCode.EMERGENCY_SHARE_ALREADY_TRANSFERRED);
        assertThat(transfers.stored).hasSize(1);
    }

    @Test
    void theKitIsNeitherAStrangersNorARequestersWithoutAnOpenWindow() {
        assertRefused(service.kit(Wallet.create().address(), patient).then(), ErrorCode.EMERGENCY_NO_OPEN_WINDOW);
        requested();
        assertRefused(service.kit(doctor.address(), patient).then(), ErrorCode.EMERGENCY_NO_OPEN_WINDOW);
        assertRefused(service.kit(doctor.address(), Wallet.create().address()).then(), ErrorCode.EMERGENCY_NO_KIT);
    }

    private void requested() {
        long now = stack.clock.instant().getEpochSecond();
        events.events.add(new ChainEvent.Emergency(new LogPosition(40, 0, "0x" + "b0".repeat(32),
                "0x" + "70".repeat(32), now), FakeEmergencyAccess.ADDRESS, "EmergencyAccessRequested", patient,
                doctor.address(), 1, now + Duration.ofHours(12).toSeconds(), 2,
                Optional.of(Bytes32.parse("0x" + "ab".repeat(32))), Optional.empty(), 0));
    }

    private void windowOpen() {
        Instant now = stack.clock.instant();
        events.windows.add(new EmergencyWindow(patient, doctor.address(), now, now.plus(Duration.ofMinutes(30)),
                Bytes32.parse("0x" + "ab".repeat(32)), "0x" + "71".repeat(32)));
    }

    private Signed release(RecoveryKit from, Wallet keyholder) {
        return new Signed(kits.transferShare(from, keyholder.encryptionKey(), doctor.encryptionKey().publicKey(),
                deadline()), keyholder);
    }

    private Instant deadline() {
        return RecordStack.NOW.plus(Duration.ofHours(1));
    }

    private Mono<EmergencyTransfer> transfer(Wallet caller, Signed signed) {
        return service.transfer(caller.address(), patient, doctor.address(), signed.message(),
                AccountSignature.of(signed.by().signer().sign(TypedData.of(DOMAIN, signed.message()))));
    }

    private void assertRefused(Mono<?> attempt, ErrorCode code) {
        int before = transfers.stored.size();
        StepVerifier.create(attempt)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(DomainException.class,
                        refused -> assertThat(refused.errorCode()).isEqualTo(code)))
                .verify();
        assertThat(transfers.stored).hasSize(before);
    }

    private record Signed(ShareTransferMessage message, Wallet by) {
    }

    /** The transfers in memory: one per keyholder, requester and kit. */
    private static final class InMemoryTransfers implements EmergencyTransfersPort {

        final List<EmergencyTransfer> stored = new ArrayList<>();

        @Override
        public Mono<Boolean> add(EmergencyTransfer transfer) {
            return Mono.fromCallable(() -> {
                boolean taken = stored.stream().anyMatch(t -> t.requester().equals(transfer.requester())
                        && t.message().kitId().equals(transfer.message().kitId())
                        && t.message().guardian().equals(transfer.message().guardian()));
                return !taken && stored.add(transfer);
            });
        }

        @Override
        public Flux<EmergencyTransfer> of(EthAddress patient, EthAddress requester, Bytes32 kitId) {
            return Flux.fromIterable(stored).filter(t -> t.requester().equals(requester)
                    && t.message().patient().equals(patient) && t.message().kitId().equals(kitId));
        }
    }
}
