package io.healthkey.backend.application.emergency;

import java.time.Instant;

import io.healthkey.backend.domain.emergency.EmergencyWindow;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The emergency events the chain event index holds. Guarantees: answers from indexed events only (never this
 * service's relays), so a window opened elsewhere counts and one not yet indexed does not; events a reorganisation
 * removed are gone from its answers once the index rolled back.
 */
public interface EmergencyEventsPort {

    /**
     * The latest window of {@code requester} on {@code patient}'s records opened at or before {@code at}, if it is
     * open at {@code at}: not past its end, and no {@code EmergencyAccessClosed} of the pair after it.
     */
    Mono<EmergencyWindow> openWindow(EthAddress patient, EthAddress requester, Instant at);

    /** The latest {@code EmergencyAccessRequested} of {@code requester} for {@code patient}'s records. */
    Mono<ChainEvent.Emergency> latestRequest(EthAddress patient, EthAddress requester);

    /** The newest {@code limit} emergency events of {@code patient}'s records, newest first. */
    Flux<ChainEvent.Emergency> history(EthAddress patient, int limit);
}
