package io.healthkey.backend.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.healthkey.backend.application.port.out.ConsentChainPort;
import io.healthkey.backend.application.port.out.RelayJournalPort;
import io.healthkey.backend.application.service.ConsentService;
import io.healthkey.backend.application.service.NetworkService;
import io.healthkey.backend.domain.network.Deployment;

/** Wires the framework-free application services to their ports. */
@Configuration(proxyBeanMethods = false)
class ApplicationConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ConsentService consentService(ConsentChainPort chain, RelayJournalPort journal, Clock clock) {
        return new ConsentService(chain, journal, clock);
    }

    @Bean
    NetworkService networkService(Deployment deployment, ConsentChainPort chain) {
        return new NetworkService(deployment, chain);
    }
}
