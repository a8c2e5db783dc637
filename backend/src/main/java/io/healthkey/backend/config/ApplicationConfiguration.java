package io.healthkey.backend.config;

import java.time.Clock;

import io.netty.buffer.PooledByteBufAllocator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

import io.healthkey.backend.adapter.in.schedule.ReadReceiptBatcher;
import io.healthkey.backend.application.port.in.AccessCheckUseCase;
import io.healthkey.backend.application.port.out.AuditRootChainPort;
import io.healthkey.backend.application.port.out.ChainRequestPort;
import io.healthkey.backend.application.port.out.ConsentChainPort;
import io.healthkey.backend.application.port.out.ContentStorePort;
import io.healthkey.backend.application.port.out.DirectoryChainPort;
import io.healthkey.backend.application.port.out.EventIndexQueryPort;
import io.healthkey.backend.application.port.out.FhirValidationPort;
import io.healthkey.backend.application.port.out.GatewayKeyPort;
import io.healthkey.backend.application.port.out.ReadLogPort;
import io.healthkey.backend.application.port.out.ReadReceiptStorePort;
import io.healthkey.backend.application.port.out.RecordChainPort;
import io.healthkey.backend.application.port.out.RecordRepositoryPort;
import io.healthkey.backend.application.port.out.RelayJournalPort;
import io.healthkey.backend.application.port.out.RelayedConsentPort;
import io.healthkey.backend.application.service.AnchorService;
import io.healthkey.backend.application.service.AuditService;
import io.healthkey.backend.application.service.ClientRecordService;
import io.healthkey.backend.application.service.ConsentNonces;
import io.healthkey.backend.application.service.ConsentService;
import io.healthkey.backend.application.service.DirectoryService;
import io.healthkey.backend.application.service.EventIndexer;
import io.healthkey.backend.application.service.GatewayService;
import io.healthkey.backend.application.service.IndexedAnchors;
import io.healthkey.backend.application.service.NetworkService;
import io.healthkey.backend.application.service.OutboxAcceptor;
import io.healthkey.backend.application.service.ReadReceiptService;
import io.healthkey.backend.application.service.RecordReadService;
import io.healthkey.backend.application.service.RecordWriter;
import io.healthkey.backend.application.service.TypedDataService;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.protocol.eip712.Eip712Domain;

/** Wires the framework-free application services to their ports. */
@Configuration(proxyBeanMethods = false)
class ApplicationConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ConsentNonces consentNonces(ConsentChainPort chain, ChainRequestPort requests) {
        return new ConsentNonces(chain, requests);
    }

    @Bean
    ConsentService consentService(ConsentChainPort chain, AccessCheckUseCase access, RelayJournalPort journal,
            RecordRepositoryPort records, OutboxAcceptor outbox, ConsentNonces nonces,
            Deployment deployment, Clock clock) {
        return new ConsentService(chain, access, journal, records, outbox, nonces,
                Eip712Domain.consentRegistry(deployment.chainId(), deployment.consentRegistry()), clock);
    }

    @Bean
    NetworkService networkService(Deployment deployment, ConsentChainPort chain) {
        return new NetworkService(deployment, chain);
    }

    @Bean
    TypedDataService typedDataService(Deployment deployment, ConsentNonces consent, DirectoryChainPort directory) {
        return new TypedDataService(deployment, consent, directory);
    }

    @Bean
    DirectoryService directoryService(DirectoryChainPort directory, OutboxAcceptor outbox) {
        return new DirectoryService(directory, outbox);
    }

    @Bean
    AnchorService anchorService(RecordChainPort chain, RecordRepositoryPort records, ContentStorePort content,
            OutboxAcceptor outbox) {
        return new AnchorService(chain, records, content, outbox);
    }

    @Bean
    RecordWriter recordWriter(RecordChainPort chain, RecordRepositoryPort records, ContentStorePort content,
            AnchorService anchors, RecordProperties properties, Clock clock) {
        return new RecordWriter(chain, records, content, anchors, properties.limits(), clock);
    }

    @Bean
    ClientRecordService clientRecordService(RecordWriter writer, RecordRepositoryPort records,
            ContentStorePort content, Clock clock) {
        return new ClientRecordService(writer, records, content, clock);
    }

    @Bean
    RecordReadService recordReadService(RecordRepositoryPort records, AccessCheckUseCase access,
            IndexedAnchors anchors, ContentStorePort content, ReadLogPort readLog, Clock clock) {
        return new RecordReadService(records, access, anchors, content, readLog, clock);
    }

    @Bean
    GatewayService gatewayService(RecordWriter writer, RecordReadService reads, RecordRepositoryPort records,
            DirectoryChainPort directory, ConsentChainPort consent, ContentStorePort content, FhirValidationPort fhir,
            GatewayKeyPort clinicKeys) {
        // The gateway's ciphertext goes to Kubo in Netty's pooled direct buffers: written as they are, and
        // returned to the pool after the write, so a large upload leaves no garbage on the heap.
        return new GatewayService(writer, reads, records, directory, consent, content, fhir, clinicKeys,
                new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT));
    }

    @Bean
    AuditService auditService(RecordRepositoryPort records, ReadLogPort reads, ChainRequestPort requests,
            EventIndexer indexer, EventIndexQueryPort index, RelayedConsentPort relayed) {
        return new AuditService(records, reads, requests, indexer, index, relayed);
    }

    @Bean
    ReadReceiptService readReceiptService(ReadReceiptStorePort store, AuditRootChainPort chain, Deployment deployment,
            ReceiptProperties properties, Clock clock, OutboxAcceptor outbox) {
        return new ReadReceiptService(store, chain, deployment, properties.maxLeaves(), clock, outbox);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "healthkey.receipts.enabled", matchIfMissing = true)
    ReadReceiptBatcher readReceiptBatcher(ReadReceiptService receipts, ReceiptProperties properties) {
        return new ReadReceiptBatcher(receipts, properties.batchInterval());
    }
}
