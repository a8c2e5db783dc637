package io.healthkey.backend.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.healthkey.backend.application.account.AccountRelays;
import io.healthkey.backend.application.emergency.EmergencyAccessPort;
import io.healthkey.backend.application.emergency.EmergencyReasons;
import io.healthkey.backend.application.emergency.EmergencyRelayService;
import io.healthkey.backend.application.outbox.OutboxAcceptor;
import io.healthkey.backend.domain.network.Deployment;

/** Wires emergency access (break-glass): its relays, in the {@code EmergencyAccess} domain of this chain. */
@Configuration(proxyBeanMethods = false)
class EmergencyConfiguration {

    @Bean
    EmergencyRelayService emergencyRelayService(EmergencyAccessPort chain, EmergencyReasons reasons,
            OutboxAcceptor outbox, AccountRelays accounts, ConsentProperties consent, Deployment deployment,
            Clock clock) {
        return new EmergencyRelayService(chain, reasons, outbox, accounts, consent.deadlines(), deployment.chainId(),
                clock);
    }
}
