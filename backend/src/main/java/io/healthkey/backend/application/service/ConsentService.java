package io.healthkey.backend.application.service;

import java.math.BigInteger;
import java.time.Clock;

import io.healthkey.backend.application.port.in.QueryConsentUseCase;
import io.healthkey.backend.application.port.in.RelayConsentUseCase;
import io.healthkey.backend.application.port.out.ConsentChainPort;
import io.healthkey.backend.application.port.out.RelayJournalPort;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.RelayedTransaction;
import io.healthkey.backend.domain.consent.AccessDecision;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.consent.SignedGrant;
import io.healthkey.backend.domain.consent.SignedRevocation;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/** Relays consent changes and answers consent questions; the chain is the only source of truth. */
public final class ConsentService implements RelayConsentUseCase, QueryConsentUseCase {

    private final ConsentChainPort chain;
    private final RelayJournalPort journal;
    private final Clock clock;

    public ConsentService(ConsentChainPort chain, RelayJournalPort journal, Clock clock) {
        this.chain = chain;
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    public Mono<MinedTransaction> relay(SignedGrant grant) {
        return chain.relayGrant(grant)
                .flatMap(mined -> journal(RelayKind.GRANT, grant.grant().patient(), mined));
    }

    @Override
    public Mono<MinedTransaction> relay(SignedRevocation revocation) {
        return chain.relayRevocation(revocation)
                .flatMap(mined -> journal(RelayKind.REVOCATION, revocation.revocation().patient(), mined));
    }

    @Override
    public Mono<AccessDecision> check(AccessQuery query) {
        return chain.hasAccess(query);
    }

    @Override
    public Mono<BigInteger> nextNonce(EthAddress patient) {
        return chain.nextNonce(patient);
    }

    private Mono<MinedTransaction> journal(RelayKind kind, EthAddress account, MinedTransaction mined) {
        return journal.append(new RelayedTransaction(kind, account, mined, clock.instant())).thenReturn(mined);
    }
}
