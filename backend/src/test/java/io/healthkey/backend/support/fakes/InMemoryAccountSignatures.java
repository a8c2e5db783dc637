package io.healthkey.backend.support.fakes;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import io.healthkey.backend.application.account.AccountSignaturePort;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.account.Erc6492Signature;
import reactor.core.publisher.Mono;

/**
 * The chain as {@link AccountSignaturePort} sees it, in memory, by the same rule: an EOA's own signature; a
 * deployed wallet's verdict on the signature (the inner one of an ERC-6492 wrapper); an account not deployed yet
 * only through a wrapper naming the factory that deploys it, and then its wallet's verdict on the inner signature.
 */
public final class InMemoryAccountSignatures implements AccountSignaturePort {

    private final Map<EthAddress, Predicate<AccountSignature>> wallets = new HashMap<>();
    private final Map<EthAddress, EthAddress> undeployed = new HashMap<>();
    public boolean chainDown;
    public int chainCalls;

    /** A deployed wallet that accepts the 65-byte signature of {@code owner}'s key over the digest. */
    public void walletOf(EthAddress wallet, EthAddress owner, Bytes32 digest) {
        wallets.put(wallet, signature -> signature.ecdsaSigner(digest).filter(owner::equals).isPresent());
    }

    /** A deployed wallet that accepts everything. */
    public void yesWallet(EthAddress wallet) {
        wallets.put(wallet, signature -> true);
    }

    /** As {@link #walletOf}, not deployed yet: {@code factory}'s call deploys it. */
    public void counterfactual(EthAddress account, EthAddress factory, EthAddress owner, Bytes32 digest) {
        walletOf(account, owner, digest);
        undeployed.put(account, factory);
    }

    @Override
    public Mono<Boolean> isSignedBy(EthAddress account, Bytes32 digest, AccountSignature signature) {
        if (signature.ecdsaSigner(digest).filter(account::equals).isPresent()) {
            return Mono.just(true);
        }
        chainCalls++;
        if (chainDown) {
            return Mono.error(new DomainException(ErrorCode.CHAIN_UNAVAILABLE, "the chain is down in this test"));
        }
        Optional<Erc6492Signature> wrapper = signature.erc6492();
        Predicate<AccountSignature> wallet = wallets.getOrDefault(account, any -> false);
        if (undeployed.containsKey(account)
                && !wrapper.map(Erc6492Signature::factory).equals(Optional.of(undeployed.get(account)))) {
            return Mono.just(false);
        }
        return Mono.just(wallet.test(wrapper.map(Erc6492Signature::signature).orElse(signature)));
    }
}
