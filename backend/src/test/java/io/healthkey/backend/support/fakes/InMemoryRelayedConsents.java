package io.healthkey.backend.support.fakes;

import java.util.ArrayList;
import java.util.List;

import io.healthkey.backend.application.consent.RelayedConsentPort;
import io.healthkey.backend.domain.chain.ChainRequestStatus;
import io.healthkey.backend.domain.consent.RelayedConsent;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;

/** The grant and revocation requests accepted here, in a list; FAILED ones are left out as the adapter does. */
public final class InMemoryRelayedConsents implements RelayedConsentPort {

    public final Outage outage = new Outage();
    private final List<RelayedConsent> relayed = new ArrayList<>();

    public void add(RelayedConsent consent) {
        relayed.add(consent);
    }

    @Override
    public Flux<RelayedConsent> ofPatient(EthAddress patient) {
        return outage.guardMany(() -> Flux.fromIterable(relayed.stream()
                .filter(consent -> consent.request().patient().equals(patient))
                .filter(consent -> consent.request().status() != ChainRequestStatus.FAILED)
                .toList()));
    }
}
