package io.healthkey.backend.support.fakes;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.healthkey.backend.application.account.AccountRefusals;
import io.healthkey.backend.application.account.AccountStatePort;
import io.healthkey.backend.application.account.RefusedAccountsPort;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/** Accounts' states on the chain and the refused accounts in the database, in memory. */
public final class InMemoryAccountStates implements AccountStatePort, RefusedAccountsPort {

    private final Map<EthAddress, Integer> versions = new HashMap<>();
    public final Map<EthAddress, String> refused = new HashMap<>();
    public boolean chainDown;

    /** The account's code or storage changes. */
    public void change(EthAddress account) {
        versions.merge(account, 1, Integer::sum);
    }

    public AccountRefusals refusals() {
        return new AccountRefusals(this, this);
    }

    @Override
    public Mono<String> stateOf(EthAddress account) {
        return chainDown ? Mono.error(new DomainException(ErrorCode.CHAIN_UNAVAILABLE, "down in this test"))
                : Mono.just(account + "@" + versions.getOrDefault(account, 0));
    }

    @Override
    public Mono<Void> refuse(EthAddress account, String state, ErrorCode failure) {
        return Mono.fromRunnable(() -> refused.put(account, state));
    }

    @Override
    public Mono<Optional<String>> refusedState(EthAddress account) {
        return Mono.fromCallable(() -> Optional.ofNullable(refused.get(account)));
    }

    @Override
    public Mono<Void> release(EthAddress account) {
        return Mono.fromRunnable(() -> refused.remove(account));
    }
}
