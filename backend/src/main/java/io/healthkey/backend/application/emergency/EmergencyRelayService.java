package io.healthkey.backend.application.emergency;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.function.Function;

import io.healthkey.backend.application.account.AccountRelays;
import io.healthkey.backend.application.outbox.OutboxAcceptor;
import io.healthkey.backend.application.outbox.RelayReceipt;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.SubjectOnlyIntent;
import io.healthkey.backend.domain.consent.SignatureDeadlines;
import io.healthkey.backend.domain.emergency.EmergencyReason;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.EmergencyMessage;
import io.healthkey.protocol.eip712.TypedData;
import reactor.core.publisher.Mono;

/**
 * {@link EmergencyRelayUseCase}: the caller must be the message's signer, its deadline within
 * {@link SignatureDeadlines}; then the call that carries it ({@link AccountRelays}: through the deploying relay for
 * an ERC-6492 signature) is simulated on chain and accepted into the outbox with the gas it needs. Requests carry
 * their reason, stored in the same database transaction. Setups, requests and closures take the signer's next
 * contract nonce, which the simulation checks: one of them at a time per signer (a second one signed with the same
 * nonce is refused with {@code EMERGENCY-0003}).
 */
public final class EmergencyRelayService implements EmergencyRelayUseCase {

    /**
     * The outbox kinds of its requests. Nothing follows them once final (the event index reads their events); an
     * approval carries no nonce, so its request is the relayer's own transaction's: one another relayer front-ran
     * fails with {@code EMERGENCY-0018} while the approval itself counted.
     */
    public static final Set<RelayKind> KINDS = Set.of(RelayKind.EMERGENCY_SETUP, RelayKind.EMERGENCY_REQUEST,
            RelayKind.EMERGENCY_APPROVAL, RelayKind.EMERGENCY_CLOSURE);

    private final EmergencyAccessPort chain;
    private final EmergencyReasons reasons;
    private final OutboxAcceptor outbox;
    private final AccountRelays accounts;
    private final SignatureDeadlines deadlines;
    private final long chainId;
    private final Clock clock;

    public EmergencyRelayService(EmergencyAccessPort chain, EmergencyReasons reasons, OutboxAcceptor outbox,
            AccountRelays accounts, SignatureDeadlines deadlines, long chainId, Clock clock) {
        this.chain = chain;
        this.reasons = reasons;
        this.outbox = outbox;
        this.accounts = accounts;
        this.deadlines = deadlines;
        this.chainId = chainId;
        this.clock = clock;
    }

    @Override
    public Mono<RelayReceipt> setup(EthAddress caller, EmergencyMessage.Setup setup, AccountSignature signature) {
        return relay(caller, RelayKind.EMERGENCY_SETUP, setup, setup.patient(), signature,
                s -> chain.setupCall(setup, s), Mono.empty());
    }

    @Override
    public Mono<RelayReceipt> request(EthAddress caller, EmergencyMessage.Request request, String reason,
            AccountSignature signature) {
        if (reason == null || reason.isBlank() || reason.length() > EmergencyReasons.MAX_LENGTH
                || !EmergencyMessage.reasonHash(reason).equals(request.reasonHash())) {
            return Mono.error(new DomainException(ErrorCode.EMERGENCY_INVALID_REASON, "the reason must be 1 to "
                    + EmergencyReasons.MAX_LENGTH + " characters whose keccak256 is the signed reasonHash"));
        }
        EmergencyReason kept = new EmergencyReason(request.patient(), request.requester(), request.reasonHash(), reason,
                clock.instant());
        return relay(caller, RelayKind.EMERGENCY_REQUEST, request, request.patient(), signature,
                s -> chain.requestCall(request, s), reasons.save(kept));
    }

    @Override
    public Mono<RelayReceipt> approve(EthAddress caller, EmergencyMessage.Approval approval,
            AccountSignature signature) {
        return relay(caller, RelayKind.EMERGENCY_APPROVAL, approval, approval.patient(), signature,
                s -> chain.approvalCall(approval, s), Mono.empty());
    }

    @Override
    public Mono<RelayReceipt> close(EthAddress caller, EmergencyMessage.Closure closure, AccountSignature signature) {
        return relay(caller, RelayKind.EMERGENCY_CLOSURE, closure, closure.patient(), signature,
                s -> chain.closureCall(closure, s), Mono.empty());
    }

    @Override
    public Mono<BigInteger> nextNonce(EthAddress account) {
        return chain.nextNonce(account);
    }

    private Mono<RelayReceipt> relay(EthAddress caller, RelayKind kind, EmergencyMessage message, EthAddress patient,
            AccountSignature signature, Function<AccountSignature, ChainCall> callWith, Mono<Void> alongside) {
        EthAddress signer = message.requiredSigner();
        if (!caller.equals(signer)) {
            return Mono.error(new DomainException(ErrorCode.REQUEST_NOT_PATIENT,
                    "only the signed-in account may relay a message it signed"));
        }
        return Mono.fromCallable(() -> {
                    requireDeadline(message);
                    return TypedData.of(Eip712Domain.emergencyAccess(chainId, chain.contract()), message).digest();
                })
                .flatMap(digest -> accounts.relayCall(signer, digest, signature, callWith,
                        ErrorCode.EMERGENCY_INVALID_SIGNER))
                .flatMap(call -> outbox.simulate(call).flatMap(gas -> outbox.accept(outbox.newRequest(kind, signer,
                        patient, subjectOf(message), call, SubjectOnlyIntent.INSTANCE, gas), alongside)))
                .map(RelayReceipt::new);
    }

    private void requireDeadline(EmergencyMessage message) {
        Instant deadline = message.deadline();
        Instant now = clock.instant();
        if (!deadline.isAfter(now)) {
            throw new DomainException(ErrorCode.EMERGENCY_SIGNATURE_EXPIRED, "the deadline has passed");
        }
        deadlines.require(deadline, now);
    }

    /** What the chain request is about, as its status shows: the requester, or the patient for a setup. */
    private static String subjectOf(EmergencyMessage message) {
        if (message instanceof EmergencyMessage.Request request) {
            return request.patient().toString();
        }
        if (message instanceof EmergencyMessage.Approval approval) {
            return approval.requester().toString();
        }
        if (message instanceof EmergencyMessage.Closure closure) {
            return closure.requester().toString();
        }
        return message.requiredSigner().toString();
    }
}
