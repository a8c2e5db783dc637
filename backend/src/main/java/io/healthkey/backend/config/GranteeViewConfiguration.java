package io.healthkey.backend.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.healthkey.backend.application.access.AccessCheckUseCase;
import io.healthkey.backend.application.audit.GranteeViewService;
import io.healthkey.backend.application.audit.ReceivedConsentPort;
import io.healthkey.backend.application.directory.IndexedProvidersPort;
import io.healthkey.backend.application.directory.ProviderDirectoryService;
import io.healthkey.backend.application.index.CaregiverIndexPort;
import io.healthkey.backend.application.index.EventIndexQueryPort;
import io.healthkey.backend.application.index.EventIndexer;

/** Wires the grantee's view of its grants and the provider directory, both read from the event index. */
@Configuration(proxyBeanMethods = false)
class GranteeViewConfiguration {

    @Bean
    GranteeViewService granteeViewService(ReceivedConsentPort received, CaregiverIndexPort caregivers,
            EventIndexQueryPort index, EventIndexer indexer, AccessCheckUseCase access, Clock clock) {
        return new GranteeViewService(received, caregivers, index, indexer, access, clock);
    }

    @Bean
    ProviderDirectoryService providerDirectoryService(IndexedProvidersPort providers, EventIndexer indexer) {
        return new ProviderDirectoryService(providers, indexer);
    }
}
