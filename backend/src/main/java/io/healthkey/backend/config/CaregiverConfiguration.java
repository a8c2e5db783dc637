package io.healthkey.backend.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.healthkey.backend.application.access.AccessCheckUseCase;
import io.healthkey.backend.application.account.AccountRelays;
import io.healthkey.backend.application.caregiver.CaregiverEffects;
import io.healthkey.backend.application.caregiver.CaregiverQueryService;
import io.healthkey.backend.application.caregiver.CaregiverRegistryPort;
import io.healthkey.backend.application.caregiver.CaregiverRelayService;
import io.healthkey.backend.application.caregiver.CaregiverTypedData;
import io.healthkey.backend.application.consent.ConsentNonces;
import io.healthkey.backend.application.consent.ConsentRegistryPort;
import io.healthkey.backend.application.consent.ConsentService;
import io.healthkey.backend.application.consent.SignedConsentRelay;
import io.healthkey.backend.application.index.CaregiverIndexPort;
import io.healthkey.backend.application.outbox.OutboxAcceptor;
import io.healthkey.backend.application.record.RecordRepositoryPort;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.protocol.eip712.Eip712Domain;

/** Caregivers: relaying their messages, their typed data, and what follows them on chain. */
@Configuration(proxyBeanMethods = false)
class CaregiverConfiguration {

    @Bean
    CaregiverRelayService caregiverRelayService(CaregiverRegistryPort chain, AccessCheckUseCase access,
            RecordRepositoryPort records, OutboxAcceptor outbox, AccountRelays accounts, ConsentNonces nonces,
            ConsentProperties properties, Deployment deployment, Clock clock) {
        return new CaregiverRelayService(chain, access, records, outbox, new SignedConsentRelay(outbox, accounts),
                nonces, properties.deadlines(), consentDomain(deployment), clock);
    }

    @Bean
    CaregiverTypedData caregiverTypedData(ConsentNonces nonces, ConsentProperties properties, Deployment deployment,
            Clock clock) {
        return new CaregiverTypedData(consentDomain(deployment), nonces, properties.deadlines(), clock);
    }

    @Bean
    CaregiverQueryService caregiverQueryService(CaregiverIndexPort index, Clock clock) {
        return new CaregiverQueryService(index, clock);
    }

    @Bean
    CaregiverEffects caregiverEffects(ConsentService consent, ConsentRegistryPort chain,
            RecordRepositoryPort records) {
        return new CaregiverEffects(consent.journalEffects(), chain, records);
    }

    private static Eip712Domain consentDomain(Deployment deployment) {
        return Eip712Domain.consentRegistry(deployment.chainId(), deployment.consentRegistry());
    }
}
