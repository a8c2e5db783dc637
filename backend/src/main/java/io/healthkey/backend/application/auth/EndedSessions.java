package io.healthkey.backend.application.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.healthkey.backend.domain.auth.Session;
import io.healthkey.protocol.EthAddress;

/**
 * Accounts whose sessions ended before their time: when a passkey account's signer changes (a guardian recovery), every
 * session issued to that account until then ends, since the device that opened it may be the one lost or stolen.
 * Session tokens are stateless, so what ends them is a floor per account, here in memory: sessions issued at or
 * before it are refused. A floor older than the longest session is dropped (every session it could end has expired).
 */
public final class EndedSessions {

    private final Map<EthAddress, Instant> endedUpTo = new ConcurrentHashMap<>();
    private final Duration sessionTtl;
    private final Clock clock;

    /** @param sessionTtl the longest a session lasts ({@code healthkey.auth.session-ttl}) */
    public EndedSessions(Duration sessionTtl, Clock clock) {
        this.sessionTtl = sessionTtl;
        this.clock = clock;
    }

    /** Ends every session of {@code account} issued up to now. */
    public void endAllOf(EthAddress account) {
        Instant now = clock.instant();
        endedUpTo.merge(account, now, (earlier, later) -> later.isAfter(earlier) ? later : earlier);
        endedUpTo.values().removeIf(floor -> floor.isBefore(now.minus(sessionTtl)));
    }

    /** Whether {@code session} was ended by {@link #endAllOf} (issued at or before its account's floor). */
    public boolean hasEnded(Session session) {
        Instant floor = endedUpTo.get(session.address());
        return floor != null && !session.issuedAt().isAfter(floor);
    }

    /** How far back a signer change still ends sessions: older ones ended nothing that has not expired. */
    public Duration reach() {
        return sessionTtl;
    }
}
