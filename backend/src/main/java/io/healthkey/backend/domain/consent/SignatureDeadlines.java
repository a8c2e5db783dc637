package io.healthkey.backend.domain.consent;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;

/**
 * The deadlines this service accepts on a patient's consent signatures (grants, revocations, nonce cancellations),
 * both when it serves the typed data to sign and when it relays the signature: not passed, and at most
 * {@code maxLifetime} ahead. So a signature made through this service dies on its own within {@code maxLifetime},
 * even one the patient never sends nor cancels.
 *
 * @param maxLifetime the longest a signature may stay valid, counted from when it is served or relayed
 */
public record SignatureDeadlines(Duration maxLifetime) {

    /** How long a signature stays valid when the caller names no deadline (or {@code maxLifetime}, if shorter). */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

    public SignatureDeadlines {
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        if (maxLifetime.getSeconds() < 1) {
            throw new IllegalArgumentException("the longest signature lifetime must be a second or more, not "
                    + maxLifetime);
        }
    }

    /** The deadline of a signature whose caller named none, in whole seconds. */
    public Instant defaultAt(Instant now) {
        Duration lifetime = DEFAULT_LIFETIME.compareTo(maxLifetime) <= 0 ? DEFAULT_LIFETIME : maxLifetime;
        return now.truncatedTo(ChronoUnit.SECONDS).plus(lifetime);
    }

    /**
     * @throws DomainException {@code CONSENT-0002} if {@code deadline} is not after {@code now}, {@code CONSENT-0010}
     *     if it is more than {@code maxLifetime} after it
     */
    public void require(Instant deadline, Instant now) {
        if (!deadline.isAfter(now)) {
            throw new DomainException(ErrorCode.CONSENT_SIGNATURE_EXPIRED, "the deadline has passed");
        }
        if (deadline.isAfter(now.plus(maxLifetime))) {
            throw new DomainException(ErrorCode.CONSENT_DEADLINE_TOO_FAR, "the deadline is more than "
                    + maxLifetime.toSeconds() + " seconds ahead, the longest this service accepts");
        }
    }

    /**
     * What a relay checks before all else: {@link #require} of the deadline and, for a message that ends (a grant, an
     * appointment), {@link #requireFutureExpiry}.
     */
    public void requireTimes(Instant deadline, Optional<Instant> expiresAt, Instant now) {
        require(deadline, now);
        expiresAt.ifPresent(expiry -> requireFutureExpiry(expiry, now));
    }

    /** The deadline to sign with (the caller's, else {@link #defaultAt}), checked as the relay will check it. */
    public Instant signBy(Optional<Instant> deadline, Optional<Instant> expiresAt, Instant now) {
        Instant signBy = deadline.orElseGet(() -> defaultAt(now));
        requireTimes(signBy, expiresAt, now);
        return signBy;
    }

    /** @throws DomainException {@code CONSENT-0008} if a grant's {@code expiresAt} is not after {@code now} */
    public static void requireFutureExpiry(Instant expiresAt, Instant now) {
        if (!expiresAt.isAfter(now)) {
            throw new DomainException(ErrorCode.CONSENT_EXPIRY_IN_PAST, "expiresAt is not in the future");
        }
    }
}
