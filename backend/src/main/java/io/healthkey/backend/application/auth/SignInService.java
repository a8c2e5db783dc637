package io.healthkey.backend.application.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;

import io.healthkey.backend.application.account.AccountSignaturePort;
import io.healthkey.backend.domain.auth.IssuedSession;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.auth.SignInNonce;
import io.healthkey.backend.domain.auth.SignInPolicy;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.siwe.SiweMessage;
import io.healthkey.protocol.siwe.SiweSignatures;
import reactor.core.publisher.Mono;

/**
 * Sign-In with Ethereum for externally owned accounts, contract wallets (ERC-1271) and accounts not deployed yet
 * (ERC-6492). Checks run cheapest first and the nonce is spent last, so only a message that passes every other
 * check uses up its nonce. The signature is judged by {@link AccountSignaturePort}, by the contracts' own rule, so
 * that whoever signs in is whom the registries will take the same signatures from; an EOA's signature is judged
 * without asking the chain. When the chain cannot answer, the sign-in fails ({@code CHAIN-0001}) rather than
 * guessing. Any ERC-6492 factory is accepted here: the check only simulates its call (the relayer's allow-list
 * applies when something is to be sent). A session of an account whose signer changed after it was issued is refused
 * like an expired one ({@link EndedSessions}).
 */
public final class SignInService implements SignInUseCase, AuthenticateUseCase {

    /** 128 random bits as 32 lowercase hex digits: alphanumeric, as EIP-4361 requires, and well over 8 long. */
    private static final int NONCE_BYTES = 16;

    private final SignInPolicy policy;
    private final SignInNoncePort nonces;
    private final SessionTokenPort tokens;
    private final AccountSignaturePort signatures;
    private final EndedSessions ended;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SignInService(SignInPolicy policy, SignInNoncePort nonces, SessionTokenPort tokens,
            AccountSignaturePort signatures, EndedSessions ended, Clock clock) {
        this.policy = policy;
        this.nonces = nonces;
        this.tokens = tokens;
        this.signatures = signatures;
        this.ended = ended;
        this.clock = clock;
    }

    @Override
    public Mono<SignInNonce> issueNonce() {
        return Mono.defer(() -> {
            Instant now = clock.instant();
            SignInNonce nonce = new SignInNonce(HexFormat.of().formatHex(randomBytes(NONCE_BYTES)), now,
                    now.plus(policy.nonceTtl()));
            return nonces.save(nonce).thenReturn(nonce);
        });
    }

    @Override
    public Mono<IssuedSession> signIn(SiweMessage message, AccountSignature signature) {
        return Mono.fromCallable(() -> {
            Instant now = clock.instant();
            policy.check(message, now);
            return now;
        }).flatMap(now -> verifySignature(message, signature).thenReturn(now))
                .flatMap(now -> nonces.consume(message.nonce(), now).map(consumption -> switch (consumption) {
            case CONSUMED -> issue(message, now);
            case ALREADY_USED -> throw new DomainException(ErrorCode.AUTH_NONCE_USED,
                    "the message's nonce was already used: the message is a replay");
            case EXPIRED -> throw new DomainException(ErrorCode.AUTH_NONCE_UNKNOWN,
                    "the message's nonce has expired; ask for a new one");
            case UNKNOWN -> throw new DomainException(ErrorCode.AUTH_NONCE_UNKNOWN,
                    "the message's nonce was not issued here, or has expired");
        }));
    }

    @Override
    public Session authenticate(String bearerToken) {
        Session session = tokens.read(bearerToken);
        if (!session.isValidAt(clock.instant())) {
            throw new DomainException(ErrorCode.AUTH_TOKEN_EXPIRED, "the session ended at " + session.expiresAt());
        }
        if (ended.hasEnded(session)) {
            throw new DomainException(ErrorCode.AUTH_TOKEN_EXPIRED,
                    "the session ended when the account's signer changed: sign in again with the current one");
        }
        return session;
    }

    private IssuedSession issue(SiweMessage message, Instant now) {
        // Milliseconds: what a token carries, so that the session answered is the one the token reads back as.
        Instant issuedAt = now.truncatedTo(ChronoUnit.MILLIS);
        Instant expiresAt = policy.sessionExpiry(message, now).truncatedTo(ChronoUnit.MILLIS);
        if (!expiresAt.isAfter(issuedAt)) {
            throw new DomainException(ErrorCode.AUTH_MESSAGE_EXPIRED,
                    "the message's Expiration Time has passed");
        }
        Session session = new Session(Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(16)),
                message.address(), issuedAt, expiresAt);
        return new IssuedSession(tokens.issue(session), session);
    }

    private Mono<Void> verifySignature(SiweMessage message, AccountSignature signature) {
        return signatures.isSignedBy(message.address(), SiweSignatures.digest(message), signature)
                .flatMap(valid -> valid ? Mono.<Void>empty() : Mono.error(new DomainException(
                        ErrorCode.AUTH_INVALID_SIGNER, "the signature is not by the message's address over this "
                                + "message, nor accepted by a contract wallet there, deployed or not")));
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
