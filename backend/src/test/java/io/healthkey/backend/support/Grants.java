package io.healthkey.backend.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.healthkey.backend.application.consent.RelayConsentUseCase;
import io.healthkey.backend.application.outbox.ChainRequestPort;
import io.healthkey.backend.application.consent.ConsentRegistryPort;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.consent.SignedGrant;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.eip712.TypedData;
import io.healthkey.protocol.eip712.TypedDataSigner;

/** Grants as a patient's wallet gives them: signed with the patient's next nonce, relayed through the outbox. */
public record Grants(ConsentRegistryPort consent, RelayConsentUseCase relay, ChainRequestPort requests,
        Deployment deployment) {

    /** {@code patient} grants {@code grantee} {@code action} on {@code scope} for treatment, for 30 days; confirmed. */
    public MinedTransaction grant(TypedDataSigner patient, EthAddress grantee, Scope scope, Action action) {
        Instant now = Instant.now();
        var grant = new GrantMessage(patient.address(), grantee, scope, action, Purpose.TREAT,
                now.plus(Duration.ofDays(30)), consent.nextNonce(patient.address()).block(),
                now.plus(Duration.ofHours(1)));
        var domain = Eip712Domain.consentRegistry(deployment.chainId(), deployment.consentRegistry());
        ChainRequest accepted = relay.relay(patient.address(),
                new SignedGrant(grant, patient.sign(TypedData.of(domain, grant))), List.of()).block().request();
        ChainRequest end = OutboxRelay.awaitEnd(requests, accepted.id());
        return end.transaction().orElseThrow(() -> new AssertionError("grant failed: " + end.failureCode()));
    }
}
