package io.healthkey.backend.application.emergency;

import java.time.Clock;
import java.time.Instant;

import io.healthkey.backend.application.account.AccountSignaturePort;
import io.healthkey.backend.application.directory.ParticipantDirectoryPort;
import io.healthkey.backend.application.index.ChainTime;
import io.healthkey.backend.application.recovery.CurrentKits;
import io.healthkey.backend.domain.emergency.EmergencyTransfer;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.ShareTransferRefusedException;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.ShareTransferMessage;
import io.healthkey.protocol.eip712.TypedData;
import io.healthkey.protocol.recovery.ShareTransfers;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link EmergencyKeysUseCase}: a transfer is checked by the protocol's {@link ShareTransfers} (kit, patient, keyholder
 * of the kit, the requester's published key as recipient, deadline, this chain's recovery domain) and its signature
 * by the keyholder's account, whatever its kind ({@link AccountSignaturePort}), as a guardian's is.
 */
public final class EmergencyKeyService implements EmergencyKeysUseCase {

    private final CurrentKits kits;
    private final EmergencyEventsPort events;
    private final EmergencyTransfersPort transfers;
    private final ParticipantDirectoryPort directory;
    private final AccountSignaturePort accounts;
    private final Eip712Domain domain;
    private final Clock clock;
    private final ChainTime chainTime;

    /** @param kits the current emergency kits (category 4099) of {@code domain}'s chain */
    public EmergencyKeyService(CurrentKits kits, EmergencyEventsPort events, EmergencyTransfersPort transfers,
            ParticipantDirectoryPort directory, AccountSignaturePort accounts, Eip712Domain domain, Clock clock,
            ChainTime chainTime) {
        this.kits = kits;
        this.events = events;
        this.transfers = transfers;
        this.directory = directory;
        this.accounts = accounts;
        this.domain = domain;
        this.clock = clock;
        this.chainTime = chainTime;
    }

    @Override
    public Mono<byte[]> kit(EthAddress viewer, EthAddress patient) {
        return currentKit(patient).flatMap(current -> {
            boolean mayRead = viewer.equals(patient) || current.kit().guardian(viewer).isPresent();
            return (mayRead ? Mono.<Void>empty() : requireOpenWindow(patient, viewer))
                    .then(kits.bytes(current.cid()));
        });
    }

    @Override
    public Mono<EmergencyTransfer> transfer(EthAddress keyholder, EthAddress patient, EthAddress requester,
            ShareTransferMessage message, AccountSignature signature) {
        Instant now = clock.instant();
        return currentKit(patient)
                .flatMap(current -> current.kit().guardian(keyholder).isEmpty()
                        ? Mono.error(new DomainException(ErrorCode.EMERGENCY_NOT_KEYHOLDER,
                                "you are not a keyholder of the patient's emergency kit"))
                        : requirePendingOrOpen(patient, requester, chainTime.now())
                                .then(requesterKey(requester))
                                .flatMap(key -> verify(current, keyholder, message, key, signature, now)))
                .then(Mono.defer(() -> {
                    EmergencyTransfer transfer = new EmergencyTransfer(requester, message, signature, now);
                    return transfers.add(transfer).flatMap(added -> added ? Mono.just(transfer)
                            : Mono.error(new DomainException(ErrorCode.EMERGENCY_SHARE_ALREADY_TRANSFERRED,
                                    "you have transferred your share to this requester already")));
                }));
    }

    @Override
    public Flux<EmergencyTransfer> transfers(EthAddress requester, EthAddress patient) {
        return requireOpenWindow(patient, requester)
                .then(currentKit(patient))
                .flatMapMany(current -> transfers.of(patient, requester, current.kit().kitId()));
    }

    private Mono<CurrentKits.AnchoredKit> currentKit(EthAddress patient) {
        return kits.of(patient).switchIfEmpty(Mono.error(() -> new DomainException(ErrorCode.EMERGENCY_NO_KIT,
                "the patient has stored no emergency kit (a record of category 4099), or it is not anchored yet")));
    }

    private Mono<Void> requireOpenWindow(EthAddress patient, EthAddress requester) {
        return events.openWindow(patient, requester, chainTime.now())
                .switchIfEmpty(Mono.error(() -> noWindow()))
                .then();
    }

    /** A request still in its approval period, or an open window: a share is released for one of them only. */
    private Mono<Void> requirePendingOrOpen(EthAddress patient, EthAddress requester, Instant now) {
        return events.latestRequest(patient, requester)
                .filter(requested -> now.getEpochSecond() < requested.until())
                .map(pending -> true)
                .switchIfEmpty(events.openWindow(patient, requester, now).map(open -> true))
                .switchIfEmpty(Mono.error(() -> noWindow()))
                .then();
    }

    private Mono<EncryptionPublicKey> requesterKey(EthAddress requester) {
        return directory.encryptionKeyOf(requester).switchIfEmpty(Mono.error(() -> new DomainException(
                ErrorCode.DIRECTORY_NO_ENCRYPTION_KEY, "the requester has not published an encryption key")));
    }

    private Mono<Void> verify(CurrentKits.AnchoredKit current, EthAddress keyholder, ShareTransferMessage message,
            EncryptionPublicKey requesterKey, AccountSignature signature, Instant now) {
        try {
            if (!message.guardian().equals(keyholder)) {
                throw new ShareTransferRefusedException("the transfer names another keyholder");
            }
            ShareTransfers.checkRules(current.kit(), domain, message, requesterKey, now);
        } catch (ShareTransferRefusedException refused) {
            return Mono.error(new DomainException(ErrorCode.EMERGENCY_TRANSFER_MISMATCH, "the transfer must name "
                    + "you as keyholder, the patient's current emergency kit, the requester's published key, and a "
                    + "deadline not passed"));
        }
        return accounts.isSignedBy(keyholder, TypedData.of(domain, message).digest(), signature)
                .flatMap(signed -> signed ? Mono.<Void>empty() : Mono.error(new DomainException(
                        ErrorCode.EMERGENCY_INVALID_SIGNER, "the signature is not the keyholder's over this transfer "
                                + "in the recovery domain of chain " + domain.chainId())));
    }

    private static DomainException noWindow() {
        return new DomainException(ErrorCode.EMERGENCY_NO_OPEN_WINDOW,
                "the requester has no emergency request in its approval period nor an open window");
    }
}
