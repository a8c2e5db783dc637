package io.healthkey.backend.application.account;

import java.util.Set;

import io.healthkey.backend.application.outbox.ChainRequestEffects;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * A contract wallet that passes simulation and then fails when mined costs one reverted transaction at most: a
 * relay that fails on chain because of its signer's signature refuses that account further relays
 * ({@code ACCOUNT-0004}) until its code or storage changes ({@link AccountStatePort}), however the change comes
 * (a new signer, a recovery, a deployment). An EOA's signature cannot pass simulation and then fail, so only
 * contract wallets are ever refused in practice. Refusing is best effort: if the chain does not answer when the
 * revert is handled, nothing is recorded, and the account may cost one more reverted transaction.
 */
public final class AccountRefusals {

    /** The failures a signature causes: the registries' own, and a factory call that no longer deploys. */
    static final Set<ErrorCode> SIGNATURE_FAILURES = Set.of(ErrorCode.CONSENT_INVALID_SIGNER,
            ErrorCode.DIRECTORY_INVALID_SIGNER, ErrorCode.ACCOUNT_NOT_DEPLOYED_BY_FACTORY,
            ErrorCode.ACCOUNT_FACTORY_FAILED);

    private final RefusedAccountsPort refused;
    private final AccountStatePort states;

    public AccountRefusals(RefusedAccountsPort refused, AccountStatePort states) {
        this.refused = refused;
        this.states = states;
    }

    /** Fails with {@code ACCOUNT-0004} while {@code account} is refused and its state is the one it was refused in. */
    public Mono<Void> requireNotRefused(EthAddress account) {
        return refused.refusedState(account).flatMap(refusedIn -> refusedIn.isEmpty() ? Mono.<Void>empty()
                : states.stateOf(account).flatMap(now -> now.equals(refusedIn.get())
                        ? Mono.error(new DomainException(ErrorCode.ACCOUNT_REFUSED_UNTIL_CHANGED, "a relay this "
                                + "account signed reverted on chain after passing simulation; relays for it are "
                                + "refused until its code or storage changes"))
                        : refused.release(account)));
    }

    /**
     * {@code effects}, and a refusal of the request's account when its transaction was mined as a revert that its
     * signature caused (the simulation had passed: a wallet changed its mind in between).
     */
    public ChainRequestEffects refusingAfterSignatureFailures(ChainRequestEffects effects) {
        return new ChainRequestEffects() {
            @Override
            public Mono<Void> onConfirmed(ChainRequest request) {
                return effects.onConfirmed(request);
            }

            @Override
            public Mono<Void> onFailed(ChainRequest request) {
                return effects.onFailed(request);
            }

            @Override
            public Mono<Void> onMinedRevert(ChainRequest request, DomainException revert) {
                Mono<Void> refusal = SIGNATURE_FAILURES.contains(revert.errorCode())
                        ? states.stateOf(request.patient()).flatMap(state -> refused.refuse(request.patient(), state,
                                revert.errorCode()))
                        : Mono.empty();
                return effects.onMinedRevert(request, revert).then(refusal);
            }
        };
    }
}
