package io.healthkey.backend.config;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

import io.healthkey.backend.adapter.outbound.token.HmacSessionTokens;
import io.healthkey.backend.application.account.AccountSignaturePort;
import io.healthkey.backend.application.auth.EndedSessions;
import io.healthkey.backend.application.auth.SessionTokenPort;
import io.healthkey.backend.application.auth.SignInNoncePort;
import io.healthkey.backend.application.auth.SignInService;
import io.healthkey.backend.domain.auth.SignInPolicy;
import io.healthkey.backend.domain.network.Deployment;

/** Wires Sign-In with Ethereum: the policy from configuration and the deployment's chain, tokens, the service. */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuthConfiguration.class);

    @Bean
    SignInPolicy signInPolicy(AuthProperties properties, Deployment deployment, Environment environment) {
        return policy(properties, deployment.chainId(), isLocal(environment));
    }

    @Bean
    SessionTokenPort sessionTokens(AuthProperties properties, Environment environment) {
        return new HmacSessionTokens(tokenSecret(properties, isLocal(environment)));
    }

    @Bean
    EndedSessions endedSessions(SignInPolicy policy, Clock clock) {
        return new EndedSessions(policy.sessionTtl(), clock);
    }

    @Bean
    SignInService signInService(SignInPolicy policy, SignInNoncePort nonces, SessionTokenPort tokens,
            AccountSignaturePort signatures, EndedSessions ended, Clock clock) {
        return new SignInService(policy, nonces, tokens, signatures, ended, clock);
    }

    static SignInPolicy policy(AuthProperties properties, long chainId, boolean local) {
        if (properties.domains().isEmpty() || properties.uriOrigins().isEmpty()) {
            throw new IllegalStateException("healthkey.auth.domains and healthkey.auth.uri-origins are required"
                    + (local ? "" : " outside the 'local' profile")
                    + ": the domain and origin of the dApp users sign in to");
        }
        return new SignInPolicy(properties.domains(), properties.uriOrigins(), chainId, properties.nonceTtl(),
                properties.sessionTtl(), properties.clockSkew());
    }

    static byte[] tokenSecret(AuthProperties properties, boolean local) {
        if (properties.tokenSecret() != null && !properties.tokenSecret().isEmpty()) {
            byte[] secret = properties.tokenSecret().getBytes(StandardCharsets.UTF_8);
            if (secret.length < HmacSessionTokens.MIN_SECRET_BYTES) {
                throw new IllegalStateException("healthkey.auth.token-secret must have at least "
                        + HmacSessionTokens.MIN_SECRET_BYTES + " bytes");
            }
            return secret;
        }
        if (!local) {
            throw new IllegalStateException("healthkey.auth.token-secret is required outside the 'local' profile "
                    + "(at least " + HmacSessionTokens.MIN_SECRET_BYTES + " random bytes, the same on every replica)");
        }
        log.warn("No healthkey.auth.token-secret: session tokens are signed with a random key of this process only");
        byte[] secret = new byte[HmacSessionTokens.MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    private static boolean isLocal(Environment environment) {
        return environment.acceptsProfiles(Profiles.of("local"));
    }
}
