package io.healthkey.backend.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.healthkey.backend.application.account.AccountSignaturePort;
import io.healthkey.backend.application.record.ContentStorePort;
import io.healthkey.backend.application.record.IndexedAnchors;
import io.healthkey.backend.application.record.LostRecordRecovery;
import io.healthkey.backend.application.record.RecordRepositoryPort;
import io.healthkey.backend.application.recovery.CurrentKits;
import io.healthkey.backend.application.recovery.RecoveryService;
import io.healthkey.backend.application.recovery.RecoveryStorePort;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.protocol.eip712.Eip712Domain;

/**
 * Wires guardian recovery: the kits of this deployment's chain, the recovery domain (this chain and its
 * {@code RecordRegistry}) and contract-wallet guardians through the one account-signature verifier sign-in and the
 * relays use.
 */
@Configuration(proxyBeanMethods = false)
class RecoveryConfiguration {

    @Bean
    RecoveryService recoveryService(RecoveryStorePort store, RecordRepositoryPort records, LostRecordRecovery lost,
            IndexedAnchors anchors, ContentStorePort content, AccountSignaturePort accounts,
            RecoveryProperties properties, Deployment deployment, Clock clock) {
        return new RecoveryService(store, new CurrentKits(records, lost, anchors, content, deployment.chainId()),
                accounts,
                Eip712Domain.recovery(deployment.chainId(), deployment.recordRegistry()), properties.policy(), clock);
    }
}
