package io.healthkey.backend.application.recovery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.healthkey.backend.application.account.AccountSignaturePort;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.error.RetryAfter;
import io.healthkey.backend.domain.recovery.RecoveryEvent;
import io.healthkey.backend.domain.recovery.RecoveryEvent.Kind;
import io.healthkey.backend.domain.recovery.RecoveryPolicy;
import io.healthkey.backend.domain.recovery.RecoveryRequest;
import io.healthkey.backend.domain.recovery.ShareTransfer;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.ShareTransferRefusedException;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.ShareTransferMessage;
import io.healthkey.protocol.eip712.TypedData;
import io.healthkey.protocol.recovery.KitGuardian;
import io.healthkey.protocol.recovery.RecoveryKit;
import io.healthkey.protocol.recovery.ShareTransfers;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link RecoveryUseCase}: checks each step against the request and the kit it is bound to, and stores what passes
 * with its log entry. A transfer is checked by the protocol's {@link ShareTransfers} (kit, patient, guardian of the
 * kit, recipient, deadline, the recovery domain of this chain and deployment), its signature by the guardian's
 * account, whatever its kind ({@link AccountSignaturePort}).
 */
public final class RecoveryService implements RecoveryUseCase {

    /** How many of the newest recovery log entries are answered; older ones stay stored. */
    static final int LOG_LIMIT = 500;

    private final RecoveryStorePort store;
    private final CurrentKits kits;
    private final AccountSignaturePort accounts;
    private final Eip712Domain domain;
    private final RecoveryPolicy policy;
    private final Clock clock;

    /** @param kits the current kits of {@code domain}'s chain */
    public RecoveryService(RecoveryStorePort store, CurrentKits kits, AccountSignaturePort accounts,
            Eip712Domain domain, RecoveryPolicy policy, Clock clock) {
        this.store = store;
        this.kits = kits;
        this.accounts = accounts;
        this.domain = domain;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public Mono<RecoveryRequest> request(EthAddress patient, EncryptionPublicKey deviceKey) {
        Instant now = clock.instant();
        Instant today = now.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
        return store.countSince(patient, today)
                .flatMap(made -> made >= policy.requestsPerDay()
                        ? Mono.error(RetryAfter.failure(ErrorCode.RECOVERY_REQUESTS_EXHAUSTED, "a patient may make "
                                + policy.requestsPerDay() + " recovery requests per UTC day",
                                Duration.between(now, today.plus(Duration.ofDays(1)))))
                        : kits.of(patient))
                .switchIfEmpty(Mono.error(() -> new DomainException(ErrorCode.RECOVERY_NO_KIT,
                        "store a recovery kit (a record of category 4098) and wait for its anchor first")))
                .flatMap(current -> {
                    RecoveryKit kit = current.kit();
                    RecoveryRequest request = new RecoveryRequest(UUID.randomUUID().toString(), patient,
                            current.record(), current.cid(), kit.kitId(), deviceKey, kit.threshold(),
                            kit.guardians().stream().map(KitGuardian::address).toList(), now,
                            now.plus(policy.requestTtl()));
                    return store.create(request, RecoveryEvent.of(request, Kind.REQUESTED, patient, now))
                            .thenReturn(request);
                });
    }

    @Override
    public Flux<RecoveryRequest> openFor(EthAddress guardian) {
        return store.openFor(guardian, clock.instant());
    }

    @Override
    public Mono<RecoveryRequest> find(EthAddress viewer, String requestId) {
        return store.find(requestId)
                .filter(request -> request.concerns(viewer))
                .switchIfEmpty(Mono.error(() -> new DomainException(ErrorCode.RECOVERY_REQUEST_NOT_FOUND,
                        "no recovery request with this id names you")));
    }

    @Override
    public Mono<byte[]> kit(EthAddress viewer, String requestId) {
        return find(viewer, requestId).flatMap(request -> {
            if (viewer.equals(request.patient())) {
                return kits.bytes(request.kitCid());
            }
            Instant now = clock.instant();
            return requireOpen(request, now)
                    .then(kits.bytes(request.kitCid()))
                    .flatMap(bytes -> store.log(RecoveryEvent.of(request, Kind.KIT_FETCHED, viewer, now))
                            .thenReturn(bytes));
        });
    }

    @Override
    public Mono<ShareTransfer> transfer(EthAddress guardian, String requestId, ShareTransferMessage message,
            AccountSignature signature) {
        Instant now = clock.instant();
        return store.find(requestId)
                .switchIfEmpty(Mono.error(() -> new DomainException(ErrorCode.RECOVERY_REQUEST_NOT_FOUND,
                        "no such recovery request")))
                .flatMap(request -> requireGuardianOf(request, guardian)
                        .then(requireOpen(request, now))
                        .then(Mono.fromRunnable(() -> requireSameRequest(request, guardian, message, now)))
                        .then(kits.read(request.kitCid()))
                        .flatMap(kit -> verify(kit, request, message, signature, now))
                        .then(Mono.defer(() -> {
                            ShareTransfer transfer = new ShareTransfer(request.id(), message, signature, now);
                            return store.addTransfer(transfer,
                                            RecoveryEvent.of(request, Kind.SHARE_TRANSFERRED, guardian, now))
                                    .flatMap(added -> added ? Mono.just(transfer) : Mono.error(new DomainException(
                                            ErrorCode.RECOVERY_SHARE_ALREADY_TRANSFERRED,
                                            "you have transferred your share for this request already")));
                        })));
    }

    @Override
    public Flux<ShareTransfer> transfers(EthAddress patient, String requestId) {
        return find(patient, requestId)
                .flatMapMany(request -> request.patient().equals(patient) ? store.transfers(request.id())
                        : Flux.error(new DomainException(ErrorCode.REQUEST_NOT_PATIENT,
                                "only the patient collects the transfers of its request")));
    }

    @Override
    public Flux<RecoveryEvent> log(EthAddress viewer, EthAddress patient) {
        return viewer.equals(patient) ? store.log(patient, LOG_LIMIT)
                : Flux.error(new DomainException(ErrorCode.REQUEST_NOT_PATIENT,
                        "only the patient may read its recovery log"));
    }

    @Override
    public Mono<CurrentKit> currentKit(EthAddress viewer, EthAddress patient) {
        if (!viewer.equals(patient)) {
            return Mono.error(new DomainException(ErrorCode.REQUEST_NOT_PATIENT,
                    "only the patient may read its current recovery kit"));
        }
        return kits.of(patient)
                .switchIfEmpty(Mono.error(() -> new DomainException(ErrorCode.RECOVERY_NO_KIT,
                        "store a recovery kit (a record of category 4098) and wait for its anchor first")))
                .flatMap(current -> kits.bytes(current.cid())
                        .map(bytes -> new CurrentKit(current.record(), current.cid(), bytes)));
    }

    /**
     * The protocol's rules ({@link ShareTransfers#checkRules}), then the signature, by the guardian's account: its
     * key's, its contract wallet's (ERC-1271), or ERC-6492 before it is deployed.
     */
    private Mono<Void> verify(RecoveryKit kit, RecoveryRequest request, ShareTransferMessage message,
            AccountSignature signature, Instant now) {
        try {
            ShareTransfers.checkRules(kit, domain, message, request.deviceKey(), now);
        } catch (ShareTransferRefusedException refused) {
            return Mono.error(mismatch());
        }
        return accounts.isSignedBy(message.guardian(), TypedData.of(domain, message).digest(), signature)
                .flatMap(accepted -> accepted ? Mono.<Void>empty() : Mono.error(new DomainException(
                        ErrorCode.RECOVERY_INVALID_SIGNER, "the signature is not the guardian's over this "
                                + "transfer in the recovery domain of chain " + domain.chainId())));
    }

    private static Mono<Void> requireGuardianOf(RecoveryRequest request, EthAddress caller) {
        return request.namesGuardian(caller) ? Mono.empty() : Mono.error(new DomainException(
                ErrorCode.RECOVERY_NOT_GUARDIAN, "you are not a guardian of this request's recovery kit"));
    }

    private static Mono<Void> requireOpen(RecoveryRequest request, Instant now) {
        return request.isOpenAt(now) ? Mono.empty() : Mono.error(new DomainException(
                ErrorCode.RECOVERY_REQUEST_EXPIRED, "the recovery request expired at " + request.expiresAt()
                        + "; the patient makes a new one"));
    }

    private static void requireSameRequest(RecoveryRequest request, EthAddress guardian, ShareTransferMessage message,
            Instant now) {
        if (!message.guardian().equals(guardian) || !message.patient().equals(request.patient())
                || !message.kitId().equals(request.kitId()) || !message.recipientPublicKey().equals(request.deviceKey())) {
            throw mismatch();
        }
        if (message.deadline().isBefore(now)) {
            throw new DomainException(ErrorCode.RECOVERY_TRANSFER_EXPIRED, "the transfer's deadline has passed");
        }
    }

    private static DomainException mismatch() {
        return new DomainException(ErrorCode.RECOVERY_TRANSFER_MISMATCH, "the transfer must name you as guardian, "
                + "and this request's patient, kit id and device key as recipient");
    }
}
