package io.healthkey.backend.adapter.inbound.web;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.auth.AuthenticateUseCase;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCategory;

/**
 * A signed-in account, as the security context holds it: the {@link Session} its bearer token proves. Its
 * {@link #getName() name} is the account's 0x address, for any filter or log that needs to know who called; the
 * token itself is not kept.
 */
final class SessionAuthentication extends AbstractAuthenticationToken {

    static final String ROLE = "ACCOUNT";

    private final Session session;

    SessionAuthentication(Session session) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
        this.session = session;
        setAuthenticated(true);
    }

    Session session() {
        return session;
    }

    @Override
    public Session getPrincipal() {
        return session;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public String getName() {
        return session.address().toString();
    }

    /** Turns a {@link BearerTokenConverter.BearerToken} into a session with {@link AuthenticateUseCase}. */
    static ReactiveAuthenticationManager manager(AuthenticateUseCase authenticate) {
        return token -> Mono.fromCallable(() -> authenticate.authenticate((String) token.getCredentials()))
                .<Authentication>map(SessionAuthentication::new)
                .onErrorMap(SessionAuthentication::isRefusedToken,
                        refused -> new RejectedCredentialsException((DomainException) refused));
    }

    private static boolean isRefusedToken(Throwable failure) {
        return failure instanceof DomainException domain
                && domain.errorCode().category() == ErrorCategory.UNAUTHENTICATED;
    }
}
