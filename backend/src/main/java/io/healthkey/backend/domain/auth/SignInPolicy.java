package io.healthkey.backend.domain.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.siwe.SiweMessage;

/**
 * Which Sign-In with Ethereum messages this deployment accepts, apart from the signature and the nonce.
 *
 * <p>A message is accepted at {@code now} only if: its domain is one of {@code domains} (case-insensitive); its URI
 * has one of the {@code uriOrigins} as origin (scheme, host, port); its chain id is {@code chainId}; it was issued no
 * later than {@code now + clockSkew} and no earlier than {@code now - nonceTtl - clockSkew} (a message cannot outlive
 * the nonce it carries); its Not Before, if any, is no later than {@code now + clockSkew}; and its Expiration Time,
 * if any, is after {@code now}.
 *
 * @param domains the RFC 3986 authorities users sign in to, e.g. {@code app.healthkey.example}
 * @param uriOrigins origins the message URI may have, e.g. {@code https://app.healthkey.example}
 * @param chainId the chain of this deployment (EIP-155)
 * @param nonceTtl how long an issued nonce may be used
 * @param sessionTtl how long a session lasts at most
 * @param clockSkew how far the signer's clock may run ahead of this service's
 */
public record SignInPolicy(List<String> domains, List<String> uriOrigins, long chainId, Duration nonceTtl,
        Duration sessionTtl, Duration clockSkew) {

    public SignInPolicy {
        domains = List.copyOf(domains).stream().map(domain -> domain.toLowerCase(Locale.ROOT)).toList();
        uriOrigins = List.copyOf(uriOrigins).stream().map(SignInPolicy::requireOrigin).toList();
        if (domains.isEmpty() || uriOrigins.isEmpty()) {
            throw new IllegalArgumentException("at least one sign-in domain and one URI origin are required");
        }
        if (chainId <= 0) {
            throw new IllegalArgumentException("chain id must be positive: " + chainId);
        }
        requirePositive(nonceTtl, "nonce TTL");
        requirePositive(sessionTtl, "session TTL");
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clock skew must not be negative");
        }
    }

    /**
     * Checks everything but the signature and the nonce's state.
     *
     * @throws DomainException with the {@code AUTH-…} code of the first rule the message breaks
     */
    public void check(SiweMessage message, Instant now) {
        if (!domains.contains(message.domain().toLowerCase(Locale.ROOT))) {
            throw new DomainException(ErrorCode.AUTH_DOMAIN_MISMATCH,
                    "the message's domain is not one of " + domains);
        }
        String origin = originOf(message.uri());
        if (origin == null || !uriOrigins.contains(origin)) {
            throw new DomainException(ErrorCode.AUTH_URI_MISMATCH,
                    "the message's URI does not have one of the origins " + uriOrigins);
        }
        if (message.chainId() != chainId) {
            throw new DomainException(ErrorCode.AUTH_CHAIN_MISMATCH,
                    "the message's chain id is not this deployment's, " + chainId);
        }
        Instant latest = now.plus(clockSkew);
        if (message.issuedAt().instant().isAfter(latest)) {
            throw new DomainException(ErrorCode.AUTH_MESSAGE_NOT_YET_VALID,
                    "the message's Issued At is in the future");
        }
        if (message.notBefore() != null && message.notBefore().instant().isAfter(latest)) {
            throw new DomainException(ErrorCode.AUTH_MESSAGE_NOT_YET_VALID,
                    "the message's Not Before has not come yet");
        }
        if (message.expirationTime() != null && !now.isBefore(message.expirationTime().instant())) {
            throw new DomainException(ErrorCode.AUTH_MESSAGE_EXPIRED,
                    "the message's Expiration Time has passed");
        }
        if (message.issuedAt().instant().isBefore(now.minus(nonceTtl).minus(clockSkew))) {
            throw new DomainException(ErrorCode.AUTH_MESSAGE_EXPIRED,
                    "the message's Issued At is older than a nonce lives (" + nonceTtl + ")");
        }
    }

    /** When a session signed in at {@code now} with {@code message} ends: the session TTL, or the message's expiry. */
    public Instant sessionExpiry(SiweMessage message, Instant now) {
        Instant end = now.plus(sessionTtl);
        if (message.expirationTime() != null && message.expirationTime().instant().isBefore(end)) {
            return message.expirationTime().instant();
        }
        return end;
    }

    /** {@code scheme://host[:port]} in lower case, or null when the URI has no host. */
    static String originOf(String uri) {
        try {
            URI parsed = new URI(uri);
            if (parsed.getScheme() == null || parsed.getHost() == null) {
                return null;
            }
            String origin = parsed.getScheme() + "://" + parsed.getHost() + (parsed.getPort() < 0 ? "" : ":" + parsed.getPort());
            return origin.toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String requireOrigin(String origin) {
        String normalized = originOf(origin);
        if (normalized == null || !normalized.equals(origin.toLowerCase(Locale.ROOT).replaceAll("/$", ""))) {
            throw new IllegalArgumentException("not an origin (scheme://host[:port]): " + origin);
        }
        return normalized;
    }

    private static void requirePositive(Duration duration, String what) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
