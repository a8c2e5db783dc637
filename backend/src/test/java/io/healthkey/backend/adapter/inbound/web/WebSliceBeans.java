package io.healthkey.backend.adapter.inbound.web;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springdoc.core.configuration.SpringDocConfiguration;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springdoc.webflux.core.configuration.SpringDocWebFluxConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import io.healthkey.backend.adapter.inbound.web.limit.RateLimitConfiguration;
import io.healthkey.backend.application.auth.AuthenticateUseCase;
import io.healthkey.backend.application.network.DescribeNetworkUseCase;
import io.healthkey.backend.domain.account.AccountContracts;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.network.AbiEntry;
import io.healthkey.backend.domain.network.AbiParameter;
import io.healthkey.backend.domain.network.ContractAbis;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.domain.network.NetworkDescription;
import io.healthkey.protocol.EthAddress;

/**
 * What the web layer needs beside the controllers, filters and exception handler that {@code @WebFluxTest} scans:
 * the CORS filter, the security filter chains, the rate limits' filters and the properties they bind, springdoc (the
 * OpenAPI document is built from the controllers this slice holds), a meter registry for the problem counter, a
 * fixed clock, and small fakes of the two use cases that are called outside a request (the session check in the
 * security chain; the network description, read once when its controller is built).
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({CorsConfiguration.class, ApiSecurityConfiguration.class, SecurityProblems.class, RateLimitConfiguration.class,
        WebAppRoutes.class})
@ImportAutoConfiguration({SpringDocConfiguration.class, SpringDocConfigProperties.class,
        SpringDocWebFluxConfiguration.class})
@EnableConfigurationProperties({WebProperties.class, MetricsProperties.class})
class WebSliceBeans {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    static final Deployment DEPLOYMENT = new Deployment(31337, 7,
            EthAddress.parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"),
            EthAddress.parse("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"),
            EthAddress.parse("0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0"),
            EthAddress.parse("0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9"));
    static final AccountContracts ACCOUNTS = new AccountContracts(
            Set.of(EthAddress.parse("0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9")),
            Optional.of(EthAddress.parse("0x5FC8d32690cc91D4c39d9d3abcBD16989F875707")));

    static final EthAddress RELAYER = EthAddress.parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    @Bean
    Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    /** One event of ConsentRegistry's ABI, as the artifacts hold it: enough to see how an entry travels. */
    static final ContractAbis ABIS = new ContractAbis(List.of(), List.of(new AbiEntry("event", "AccessGranted",
            List.of(new AbiParameter("patient", "address", "address", true, null),
                    new AbiParameter("scope", "bytes32", "bytes32", true, null),
                    new AbiParameter("expiresAt", "uint64", "uint64", false, null)),
            null, null, false)), List.of(), List.of());

    @Bean
    DescribeNetworkUseCase describeNetwork() {
        return new DescribeNetworkUseCase() {
            @Override
            public NetworkDescription describe() {
                return new NetworkDescription(DEPLOYMENT, RELAYER, ACCOUNTS);
            }

            @Override
            public ContractAbis abis() {
                return ABIS;
            }
        };
    }

    @Bean
    AuthenticateUseCase authenticate() {
        return new TokenTable(Map.of(
                WebSliceTest.PATIENT_TOKEN, session(WebSliceTest.PATIENT),
                WebSliceTest.DOCTOR_TOKEN, session(WebSliceTest.DOCTOR)));
    }

    private static Session session(EthAddress account) {
        return new Session("session-of-" + account, account, NOW.minusSeconds(60), NOW.plusSeconds(3600));
    }

    /** Sessions by token, as the real token service answers them: unknown tokens are invalid, one has expired. */
    record TokenTable(Map<String, Session> sessions) implements AuthenticateUseCase {

        @Override
        public Session authenticate(String bearerToken) {
            if (WebSliceTest.EXPIRED_TOKEN.equals(bearerToken)) {
                throw new DomainException(ErrorCode.AUTH_TOKEN_EXPIRED, "the session has expired");
            }
            Session session = sessions.get(bearerToken);
            if (session == null) {
                throw new DomainException(ErrorCode.AUTH_TOKEN_INVALID, "not a session token of this service");
            }
            return session;
        }
    }
}
