package io.healthkey.backend.application.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.outbox.ChainRequestEffects;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.SubjectOnlyIntent;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.support.Patients;
import io.healthkey.backend.support.fakes.InMemoryAccountStates;
import io.healthkey.protocol.EthAddress;

class AccountRefusalsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    private final InMemoryAccountStates chain = new InMemoryAccountStates();
    private final AccountRefusals refusals = chain.refusals();
    private final List<ChainRequest> undone = new ArrayList<>();
    private final List<ChainRequest> reverted = new ArrayList<>();
    private final ChainRequestEffects effects = refusals.refusingAfterSignatureFailures(new ChainRequestEffects() {
        @Override
        public Mono<Void> onConfirmed(ChainRequest request) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> onFailed(ChainRequest request) {
            return Mono.fromRunnable(() -> undone.add(request));
        }

        @Override
        public Mono<Void> onMinedRevert(ChainRequest request, DomainException revert) {
            return Mono.fromRunnable(() -> reverted.add(request));
        }
    });
    private final EthAddress wallet = Patients.newAddress();

    @Test
    void aRelayThatRevertsOnChainForItsSignatureRefusesTheAccountUntilItsStateChanges() {
        minedRevert(wallet, ErrorCode.CONSENT_INVALID_SIGNER);

        assertThat(reverted).as("the wrapped effects still run").hasSize(1);
        assertRefused(wallet);
        assertRefused(wallet);
        chain.change(wallet);
        refusals.requireNotRefused(wallet).block();
        assertThat(chain.refused).as("released once changed").doesNotContainKey(wallet);
    }

    @Test
    void refusesAfterAFactoryCallThatNoLongerDeploysAndAfterAKeyPublicationsSignature() {
        EthAddress other = Patients.newAddress();
        minedRevert(wallet, ErrorCode.ACCOUNT_NOT_DEPLOYED_BY_FACTORY);
        minedRevert(other, ErrorCode.DIRECTORY_INVALID_SIGNER);

        assertRefused(wallet);
        assertRefused(other);
    }

    @Test
    void otherRevertsAndFailuresWhereNoGasWasSpentRefuseNoOne() {
        for (ErrorCode code : List.of(ErrorCode.CONSENT_NONCE_MISMATCH, ErrorCode.CONSENT_SIGNATURE_EXPIRED,
                ErrorCode.CHAIN_UNKNOWN_REVERT)) {
            minedRevert(wallet, code);
        }
        effects.onFailed(request(wallet).failed(ErrorCode.CONSENT_INVALID_SIGNER.code(), "simulated", NOW)).block();

        refusals.requireNotRefused(wallet).block();
        assertThat(chain.refused).isEmpty();
        assertThat(undone).hasSize(1);
    }

    @Test
    void aChainThatCannotAnswerIsAnOutageNotARefusalNorAPass() {
        minedRevert(wallet, ErrorCode.CONSENT_INVALID_SIGNER);
        chain.chainDown = true;

        assertThatThrownBy(() -> refusals.requireNotRefused(wallet).block()).isInstanceOfSatisfying(
                DomainException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CHAIN_UNAVAILABLE));
        assertThat(chain.refused).containsKey(wallet);
    }

    private void assertRefused(EthAddress account) {
        assertThatThrownBy(() -> refusals.requireNotRefused(account).block()).isInstanceOfSatisfying(
                DomainException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.ACCOUNT_REFUSED_UNTIL_CHANGED));
    }

    private void minedRevert(EthAddress account, ErrorCode code) {
        effects.onMinedRevert(request(account), new DomainException(code, "reverted")).block();
    }

    private static ChainRequest request(EthAddress account) {
        return ChainRequest.accepted("request-" + account, RelayKind.GRANT, account, account, "grantee",
                new ChainCall(account, "0x01"), SubjectOnlyIntent.INSTANCE, NOW);
    }
}
