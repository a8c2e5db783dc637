package io.healthkey.backend.application.recovery;

import io.healthkey.backend.domain.recovery.RecoveryEvent;
import io.healthkey.backend.domain.recovery.RecoveryRequest;
import io.healthkey.backend.domain.recovery.ShareTransfer;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.eip712.ShareTransferMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Guardian recovery of a patient's encryption key (docs/API.md, "Guardian recovery"): the patient asks on a new
 * device, each guardian re-wraps its share of the patient's current recovery kit for the device key and signs it,
 * and the patient collects the transfers. This service relays ciphertext: it never holds a share it can open, nor
 * the secret. Every accepted step is in the patient's recovery log; a refused one changes nothing.
 */
public interface RecoveryUseCase {

    /**
     * A new request of {@code patient} for its current kit (the newest anchored recovery kit record it stored),
     * to {@code deviceKey}. {@code RECOVERY-0002} without a kit, {@code RECOVERY-0003} past the daily limit.
     */
    Mono<RecoveryRequest> request(EthAddress patient, EncryptionPublicKey deviceKey);

    /** The open requests whose kit names {@code guardian}, newest first. */
    Flux<RecoveryRequest> openFor(EthAddress guardian);

    /** A request, to its patient and the guardians of its kit only ({@code RECOVERY-0004} to anyone else). */
    Mono<RecoveryRequest> find(EthAddress viewer, String requestId);

    /**
     * The bytes of the request's kit, as anchored: to its patient, and to its guardians while it is open (logged as
     * {@code KIT_FETCHED}).
     */
    Mono<byte[]> kit(EthAddress viewer, String requestId);

    /**
     * Accepts {@code guardian}'s signed transfer for the request: {@code RECOVERY-0006} if the caller is not a
     * guardian of the request's kit, {@code RECOVERY-0005} once it expired, {@code RECOVERY-0008} for a transfer
     * naming another kit, patient, guardian or device key, {@code RECOVERY-0009} past its deadline,
     * {@code RECOVERY-0010} unless the guardian signed it in this chain's recovery domain (ERC-1271 for contract
     * wallets), {@code RECOVERY-0007} for a second transfer of the same guardian.
     */
    Mono<ShareTransfer> transfer(EthAddress guardian, String requestId, ShareTransferMessage message,
            AccountSignature signature);

    /** The transfers of the request so far, to its patient only ({@code REQUEST-0007}). */
    Flux<ShareTransfer> transfers(EthAddress patient, String requestId);

    /** The patient's recovery log, newest first, to the patient only ({@code REQUEST-0007}). */
    Flux<RecoveryEvent> log(EthAddress viewer, EthAddress patient);

    /**
     * The patient's current kit (the one a request made now would name), as anchored, to the patient only
     * ({@code REQUEST-0007}); {@code RECOVERY-0002} without one.
     */
    Mono<CurrentKit> currentKit(EthAddress viewer, EthAddress patient);

    /** A kit's bytes as read from the CID the chain anchored for its record. */
    record CurrentKit(RecordId record, Cid cid, byte[] bytes) {
    }
}
