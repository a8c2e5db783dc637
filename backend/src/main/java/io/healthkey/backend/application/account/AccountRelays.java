package io.healthkey.backend.application.account;

import java.util.Optional;
import java.util.function.Function;

import io.healthkey.backend.domain.account.AccountContracts;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.account.Erc6492Signature;
import reactor.core.publisher.Mono;

/**
 * The call that relays a message an account signed, whatever the account. An EOA's or a deployed wallet's
 * signature goes to the registry as it is (the registry, and its simulation, judge it). An ERC-6492 signature
 * never reaches a registry, which knows nothing of ERC-6492: its factory must be on the deployment's allow-list
 * ({@code ACCOUNT-0001}), the chain must say that the account signed once deployed ({@link AccountSignaturePort};
 * the caller's code otherwise), and the registry then gets the inner signature, through the relay that deploys the
 * account first (so the patient needs no ETH, and the deployment and the relay land together or not at all).
 * Any account's relays are refused while {@link AccountRefusals} refuses it ({@code ACCOUNT-0004}).
 */
public final class AccountRelays {

    private final AccountContracts contracts;
    private final AccountRelayPort relay;
    private final AccountSignaturePort signatures;
    private final AccountRefusals refusals;

    public AccountRelays(AccountContracts contracts, AccountRelayPort relay, AccountSignaturePort signatures,
            AccountRefusals refusals) {
        this.contracts = contracts;
        this.relay = relay;
        this.signatures = signatures;
        this.refusals = refusals;
    }

    /**
     * @param callWith the registry call carrying a signature
     * @param invalidSigner the code of a signature that is not {@code account}'s
     */
    public Mono<ChainCall> relayCall(EthAddress account, Bytes32 digest, AccountSignature signature,
            Function<AccountSignature, ChainCall> callWith, ErrorCode invalidSigner) {
        return refusals.requireNotRefused(account)
                .then(Mono.defer(() -> callFor(account, digest, signature, callWith, invalidSigner)));
    }

    private Mono<ChainCall> callFor(EthAddress account, Bytes32 digest, AccountSignature signature,
            Function<AccountSignature, ChainCall> callWith, ErrorCode invalidSigner) {
        Optional<Erc6492Signature> wrapper = signature.erc6492();
        if (wrapper.isEmpty()) {
            return Mono.fromCallable(() -> callWith.apply(signature));
        }
        Erc6492Signature counterfactual = wrapper.get();
        if (!contracts.deploysThrough(counterfactual.factory())) {
            return Mono.error(new DomainException(ErrorCode.ACCOUNT_FACTORY_NOT_ALLOWED, "the ERC-6492 signature's "
                    + "factory is not one this relayer deploys accounts with (GET /api/v1/network, accounts)"));
        }
        return requireSigned(account, digest, signature, invalidSigner)
                .then(Mono.fromCallable(() -> relay.deployAndCall(account, counterfactual,
                        callWith.apply(counterfactual.signature()))));
    }

    /** {@link AccountSignaturePort}'s verdict, a refusal as {@code invalidSigner}. */
    public Mono<Void> requireSigned(EthAddress account, Bytes32 digest, AccountSignature signature,
            ErrorCode invalidSigner) {
        return signatures.isSignedBy(account, digest, signature)
                .flatMap(signed -> signed ? Mono.<Void>empty() : Mono.error(new DomainException(invalidSigner,
                        "the signature is not the account's: neither its key's, nor accepted by its contract "
                                + "(ERC-1271), nor by the account its ERC-6492 factory call deploys")));
    }
}
