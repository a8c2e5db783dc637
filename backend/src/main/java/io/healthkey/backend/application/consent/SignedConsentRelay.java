package io.healthkey.backend.application.consent;

import java.math.BigInteger;
import java.util.Optional;
import java.util.function.Function;

import io.healthkey.backend.application.account.AccountRelays;
import io.healthkey.backend.application.outbox.OutboxAcceptor;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.Intent;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.TypedData;
import reactor.core.publisher.Mono;

/**
 * Turns a message signed for the ConsentRegistry into the outbox request that relays it, judged before it is
 * accepted. The request's account is the message's signer (the patient, or a caregiver), whose nonce it carries.
 */
public final class SignedConsentRelay {

    private final OutboxAcceptor outbox;
    private final AccountRelays accounts;

    public SignedConsentRelay(OutboxAcceptor outbox, AccountRelays accounts) {
        this.outbox = outbox;
        this.accounts = accounts;
    }

    /**
     * The request for an intent the signer signed ({@code data}): the call that carries the signature
     * ({@link AccountRelays}: through the relay that deploys the account first, for an ERC-6492 signature). Next on
     * chain: simulated there (a revert is answered at once, with its code), its gas estimate kept. Queued behind the
     * signer's pending intents, the chain cannot judge the rest yet: its signature is checked now (its deadline
     * already was), by the chain's rule for any account, the rest when it is sent (it carries no estimate, so the
     * sender simulates it first).
     *
     * @param subject what the request concerns, shown with it (the grantee, the caregiver)
     */
    public Mono<ChainRequest> prepare(ConsentNonces.Placement placement, RelayKind kind, EthAddress patient,
            String subject, TypedData data, AccountSignature signature,
            Function<AccountSignature, ChainCall> callWith, Intent intent) {
        EthAddress signer = data.message().requiredSigner();
        return accounts.relayCall(signer, data.digest(), signature, callWith, ErrorCode.CONSENT_INVALID_SIGNER)
                .flatMap(call -> judge(placement, call, signer, data, signature)
                        .map(gas -> gas.map(estimate -> outbox.newRequest(kind, signer, patient, subject, call,
                                        intent, estimate))
                                .orElseGet(() -> outbox.newRequest(kind, signer, patient, subject, call, intent))));
    }

    private Mono<Optional<BigInteger>> judge(ConsentNonces.Placement placement, ChainCall call, EthAddress signer,
            TypedData data, AccountSignature signature) {
        if (placement == ConsentNonces.Placement.ON_CHAIN_NOW) {
            return outbox.simulate(call).map(Optional::of);
        }
        Mono<Void> signed = signature.erc6492().isPresent() ? Mono.empty() // AccountRelays has checked it
                : accounts.requireSigned(signer, data.digest(), signature, ErrorCode.CONSENT_INVALID_SIGNER);
        return signed.thenReturn(Optional.empty());
    }
}
