package io.healthkey.backend.adapter.outbound.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.healthkey.backend.application.auth.SessionTokenPort;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;

/**
 * Stateless session tokens: {@code hk1.<payload>.<tag>}, where the payload (base64url) is
 * {@code id|address|issuedAt|expiresAt} (epoch milliseconds) and the tag is HMAC-SHA256 over {@code hk1.<payload>} with
 * the server secret.
 *
 * <p>Security guarantees: without the secret a token can be neither forged nor altered (changing any character
 * changes the payload or breaks the tag); the tag is compared in constant time; the payload holds nothing secret
 * (address and times), but the token as a whole is a credential and never appears in an exception message. Every
 * replica that shares the secret accepts every other's tokens. A token cannot be revoked before it expires.
 */
public final class HmacSessionTokens implements SessionTokenPort {

    /** The least secret length accepted: HMAC-SHA256 keys shorter than the hash add no strength. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final String PREFIX = "hk1.";
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Pattern SHAPE = Pattern.compile("hk1\\.[A-Za-z0-9_-]{1,512}\\.[A-Za-z0-9_-]{43}");

    private final SecretKeySpec key;

    public HmacSessionTokens(byte[] secret) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the session token secret must have at least " + MIN_SECRET_BYTES
                    + " bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    @Override
    public String issue(Session session) {
        String payload = String.join("|", session.id(), session.address().toString(),
                Long.toString(session.issuedAt().toEpochMilli()), Long.toString(session.expiresAt().toEpochMilli()));
        String signed = PREFIX + ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return signed + "." + ENCODER.encodeToString(tag(signed));
    }

    @Override
    public Session read(String token) {
        if (token == null || !SHAPE.matcher(token).matches()) {
            throw invalid();
        }
        int dot = token.lastIndexOf('.');
        String signed = token.substring(0, dot);
        // Compares the canonical text of the tag, so that no second spelling of a valid tag is accepted either.
        byte[] expected = ENCODER.encode(tag(signed));
        if (!MessageDigest.isEqual(expected, token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            throw invalid();
        }
        try {
            String[] fields = new String(DECODER.decode(signed.substring(PREFIX.length())), StandardCharsets.UTF_8)
                    .split("\\|", -1);
            return new Session(fields[0], EthAddress.parse(fields[1]), Instant.ofEpochMilli(Long.parseLong(fields[2])),
                    Instant.ofEpochMilli(Long.parseLong(fields[3])));
        } catch (RuntimeException e) { // only reachable with the secret: a token from an incompatible version
            throw invalid();
        }
    }

    private byte[] tag(String signed) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static DomainException invalid() {
        return new DomainException(ErrorCode.AUTH_TOKEN_INVALID, "the bearer token was not issued by this service "
                + "or has been altered");
    }
}
