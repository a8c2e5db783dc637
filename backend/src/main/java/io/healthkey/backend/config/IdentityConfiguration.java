package io.healthkey.backend.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.healthkey.backend.application.auth.EndedSessions;
import io.healthkey.backend.application.identity.IdentityHistoryPort;
import io.healthkey.backend.application.identity.IdentityHistoryService;
import io.healthkey.backend.application.identity.IdentityRecoveryWatch;
import io.healthkey.backend.application.index.AccountEventGate;
import io.healthkey.backend.application.index.IndexedAccountsPort;
import io.healthkey.backend.application.notification.NotificationService;

/** Passkey accounts' guardian recovery in the index: the gate on its events, what follows them, the history. */
@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

    @Bean
    AccountEventGate accountEventGate(IndexedAccountsPort accounts) {
        return new AccountEventGate(accounts);
    }

    /** Told as consent is: steps in older blocks than recent-events are history. */
    @Bean
    IdentityRecoveryWatch identityRecoveryWatch(NotificationService notifications, EndedSessions sessions,
            IdentityHistoryPort index, Clock clock, NotificationProperties properties) {
        return new IdentityRecoveryWatch(notifications, sessions, index, clock, properties.recentEvents());
    }

    @Bean
    IdentityHistoryService identityHistoryService(IdentityHistoryPort index) {
        return new IdentityHistoryService(index);
    }
}
