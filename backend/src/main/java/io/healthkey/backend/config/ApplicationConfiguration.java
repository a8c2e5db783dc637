package io.healthkey.backend.config;

import java.time.Clock;
import java.time.Duration;

import io.netty.buffer.PooledByteBufAllocator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

import io.healthkey.backend.adapter.inbound.schedule.FixedDelaySchedule;
import io.healthkey.backend.adapter.inbound.schedule.ReadIdsAlignedAtStart;
import io.healthkey.backend.adapter.inbound.schedule.ReadReceiptBatcher;
import io.healthkey.backend.adapter.outbound.chain.ArtifactContractAbis;
import io.healthkey.backend.application.access.AccessCheckUseCase;
import io.healthkey.backend.application.account.AccountRefusals;
import io.healthkey.backend.application.account.AccountRelayPort;
import io.healthkey.backend.application.account.AccountRelays;
import io.healthkey.backend.application.account.AccountSignaturePort;
import io.healthkey.backend.application.account.AccountStatePort;
import io.healthkey.backend.application.account.RefusedAccountsPort;
import io.healthkey.backend.application.audit.AuditService;
import io.healthkey.backend.application.audit.AuditUseCase;
import io.healthkey.backend.application.availability.AvailabilityViewUseCase;
import io.healthkey.backend.application.caregiver.CaregiverConsentHistory;
import io.healthkey.backend.application.chainidentity.ChainFingerprintPort;
import io.healthkey.backend.application.chainidentity.ChainFingerprintSourcePort;
import io.healthkey.backend.application.chainidentity.ChainIdentityService;
import io.healthkey.backend.application.consent.ConsentNonces;
import io.healthkey.backend.application.consent.ConsentRegistryPort;
import io.healthkey.backend.application.consent.ConsentService;
import io.healthkey.backend.application.consent.RelayJournalPort;
import io.healthkey.backend.application.consent.RelayedConsentPort;
import io.healthkey.backend.application.audit.AuditedReadLog;
import io.healthkey.backend.application.audit.EmergencyReadFlags;
import io.healthkey.backend.application.audit.EmergencyReadFlagsPort;
import io.healthkey.backend.application.audit.GrantRelationPort;
import io.healthkey.backend.application.audit.ReadLogStorePort;
import io.healthkey.backend.application.directory.DirectoryService;
import io.healthkey.backend.application.directory.KeyPublicationsPort;
import io.healthkey.backend.application.directory.ParticipantDirectoryPort;
import io.healthkey.backend.application.gateway.FhirValidationPort;
import io.healthkey.backend.application.gateway.GatewayKeyPort;
import io.healthkey.backend.application.gateway.GatewayService;
import io.healthkey.backend.application.index.CaregiverIndexPort;
import io.healthkey.backend.application.index.EventIndexQueryPort;
import io.healthkey.backend.application.index.EventIndexer;
import io.healthkey.backend.application.network.ContractAbiPort;
import io.healthkey.backend.application.network.NetworkService;
import io.healthkey.backend.application.outbox.ChainRequestPort;
import io.healthkey.backend.application.outbox.OutboxAcceptor;
import io.healthkey.backend.application.receipts.ReadIdAlignment;
import io.healthkey.backend.application.receipts.ReadIdSequencePort;
import io.healthkey.backend.application.receipts.ReadReceiptRootsPort;
import io.healthkey.backend.application.receipts.ReadLogLoss;
import io.healthkey.backend.application.receipts.ReadReceiptService;
import io.healthkey.backend.application.receipts.ReadReceiptStorePort;
import io.healthkey.backend.application.record.AnchorService;
import io.healthkey.backend.application.record.BlockStorePort;
import io.healthkey.backend.application.record.ContentStorePort;
import io.healthkey.backend.application.record.EmergencyKeysPort;
import io.healthkey.backend.application.record.IndexedAnchors;
import io.healthkey.backend.application.record.KeySharersPort;
import io.healthkey.backend.application.record.LostRecordRecovery;
import io.healthkey.backend.application.record.MultipartUploadService;
import io.healthkey.backend.application.record.ReadLogPort;
import io.healthkey.backend.application.record.ReadRecordService;
import io.healthkey.backend.application.record.RecordRegistryPort;
import io.healthkey.backend.application.record.RecordRepositoryPort;
import io.healthkey.backend.application.record.RecordWriter;
import io.healthkey.backend.application.record.ReplicationPort;
import io.healthkey.backend.application.record.UploadPartsPort;
import io.healthkey.backend.application.record.WriteRecordService;
import io.healthkey.backend.application.typeddata.TypedDataService;
import io.healthkey.backend.domain.account.AccountContracts;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.protocol.eip712.Eip712Domain;

/** Wires the framework-free application services to their ports. */
@Configuration(proxyBeanMethods = false)
class ApplicationConfiguration {

    /** How often relaying and indexing compare the node's chain with the database's: one block header each time. */
    private static final Duration CHAIN_IDENTITY_RECHECK = Duration.ofSeconds(5);
    private static final Duration ALIGN_READ_IDS_AT_START = Duration.ofSeconds(10);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ChainIdentityService chainIdentityService(ChainFingerprintPort database, ChainFingerprintSourcePort chain,
            Deployment deployment, Clock clock) {
        return new ChainIdentityService(database, chain, deployment.startBlock(), CHAIN_IDENTITY_RECHECK, clock);
    }

    @Bean
    ConsentNonces consentNonces(ConsentRegistryPort chain, ChainRequestPort requests) {
        return new ConsentNonces(chain, requests);
    }

    @Bean
    ConsentService consentService(ConsentRegistryPort chain, AccessCheckUseCase access, RelayJournalPort journal,
            RecordRepositoryPort records, OutboxAcceptor outbox, AccountRelays accounts, ConsentNonces nonces,
            ConsentProperties properties, Deployment deployment, Clock clock) {
        return new ConsentService(chain, access, journal, records, outbox, accounts, nonces, properties.deadlines(),
                Eip712Domain.consentRegistry(deployment.chainId(), deployment.consentRegistry()), clock);
    }

    @Bean
    ContractAbiPort contractAbis() {
        return new ArtifactContractAbis();
    }

    @Bean
    NetworkService networkService(Deployment deployment, AccountContracts accounts, ConsentRegistryPort chain,
            ContractAbiPort contracts) {
        return new NetworkService(deployment, accounts, chain, contracts);
    }

    @Bean
    TypedDataService typedDataService(Deployment deployment, ConsentNonces consent, ParticipantDirectoryPort directory,
            ConsentProperties properties, Clock clock) {
        return new TypedDataService(deployment, consent, directory, properties.deadlines(), clock);
    }

    @Bean
    DirectoryService directoryService(ParticipantDirectoryPort directory, KeyPublicationsPort publications,
            OutboxAcceptor outbox, AccountRelays accounts, Deployment deployment) {
        return new DirectoryService(directory, publications, outbox, accounts,
                Eip712Domain.participantDirectory(deployment.chainId(), deployment.participantDirectory()));
    }

    @Bean
    AccountRelays accountRelays(AccountContracts contracts, AccountRelayPort relay, AccountSignaturePort signatures,
            AccountRefusals refusals) {
        return new AccountRelays(contracts, relay, signatures, refusals);
    }

    @Bean
    AccountRefusals accountRefusals(RefusedAccountsPort refused, AccountStatePort states) {
        return new AccountRefusals(refused, states);
    }

    @Bean
    AnchorService anchorService(RecordRegistryPort chain, RecordRepositoryPort records, ContentStorePort content,
            OutboxAcceptor outbox) {
        return new AnchorService(chain, records, content, outbox);
    }

    @Bean
    RecordWriter recordWriter(RecordRegistryPort chain, RecordRepositoryPort records, ContentStorePort content,
            AnchorService anchors, RecordProperties properties, ReplicationPort replication, Clock clock) {
        return new RecordWriter(chain, records, content, anchors, properties.limits(), replication, clock);
    }

    @Bean
    WriteRecordService clientRecordService(RecordWriter writer, ContentStorePort content,
            ParticipantDirectoryPort directory, Deployment deployment) {
        return new WriteRecordService(writer, content, directory, deployment.chainId());
    }

    @Bean
    MultipartUploadService multipartUploadService(RecordWriter writer, UploadPartsPort parts, ContentStorePort content,
            BlockStorePort blocks, ParticipantDirectoryPort directory, Clock clock) {
        return new MultipartUploadService(writer, parts, content, blocks, directory, clock);
    }

    @Bean
    FixedDelaySchedule abandonedUploadParts(MultipartUploadService uploads, RecordProperties properties) {
        return new FixedDelaySchedule("abandoned-upload-parts", uploads::discardAbandoned,
                properties.abandonedPartsSweep());
    }

    @Bean
    LostRecordRecovery lostRecordRecovery(RecordRepositoryPort records, EventIndexQueryPort index,
            ContentStorePort content, Clock clock) {
        return new LostRecordRecovery(records, index, content, clock);
    }

    @Bean
    ReadRecordService recordReadService(RecordRepositoryPort records, AccessCheckUseCase access,
            IndexedAnchors anchors, ContentStorePort content, ReadLogPort readLog, LostRecordRecovery recovery,
            KeySharersPort caregivers, EmergencyKeysPort emergencyKeys, Clock clock) {
        return new ReadRecordService(records, access, anchors, content, readLog, recovery, caregivers, emergencyKeys,
                clock);
    }

    @Bean
    GatewayService gatewayService(RecordWriter writer, ReadRecordService reads, RecordRepositoryPort records,
            ParticipantDirectoryPort directory, ConsentRegistryPort consent, ContentStorePort content, FhirValidationPort fhir,
            GatewayKeyPort clinicKeys) {
        // The gateway's ciphertext goes to Kubo in Netty's pooled direct buffers: written as they are, and
        // returned to the pool after the write, so a large upload leaves no garbage on the heap.
        return new GatewayService(writer, reads, records, directory, consent, content, fhir, clinicKeys,
                new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT));
    }

    @Bean
    AuditedReadLog auditedReadLog(ReadLogStorePort store, GrantRelationPort relations, ReceiptProperties properties) {
        return new AuditedReadLog(store, relations, properties.deniedWindow());
    }

    /** The audit, its consent history naming the caregiver that signed a change (CaregiverConsentHistory). */
    @Bean
    AuditUseCase auditService(RecordRepositoryPort records, ReadLogStorePort reads, ChainRequestPort requests,
            EventIndexer indexer, EventIndexQueryPort index, RelayedConsentPort relayed,
            AvailabilityViewUseCase availability, LostRecordRecovery recovery, EmergencyReadFlags emergencyFlags,
            CaregiverIndexPort caregivers) {
        return new CaregiverConsentHistory(new AuditService(records, reads, requests, indexer, index, relayed,
                availability, recovery, emergencyFlags), caregivers);
    }

    @Bean
    EmergencyReadFlags emergencyReadFlags(EmergencyReadFlagsPort flags) {
        return new EmergencyReadFlags(flags);
    }

    @Bean
    ReadLogLoss readLogLoss(ReadReceiptStorePort store, ReadReceiptRootsPort chain) {
        return new ReadLogLoss(store, chain);
    }

    @Bean
    ReadReceiptService readReceiptService(ReadReceiptStorePort store, ReadReceiptRootsPort chain, Deployment deployment,
            ReceiptProperties properties, Clock clock, OutboxAcceptor outbox, EmergencyReadFlags emergencyFlags) {
        return new ReadReceiptService(store, chain, deployment, properties.maxLeaves(), properties.settle(), clock,
                outbox, emergencyFlags);
    }

    @Bean
    ReadIdAlignment readIdAlignment(ReadIdSequencePort readIds, ReadReceiptRootsPort chain) {
        return new ReadIdAlignment(readIds, chain);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "healthkey.receipts.enabled", matchIfMissing = true)
    ReadIdsAlignedAtStart readIdsAlignedAtStart(ReadIdAlignment readIds) {
        return new ReadIdsAlignedAtStart(readIds, ALIGN_READ_IDS_AT_START);
    }

    /** Every batch starts once the read ids are aligned with the chain: see {@link ReadIdAlignment}. */
    @Bean
    @ConditionalOnBooleanProperty(name = "healthkey.receipts.enabled", matchIfMissing = true)
    ReadReceiptBatcher readReceiptBatcher(ReadReceiptService receipts, ReadIdAlignment readIds,
            ReceiptProperties properties) {
        return new ReadReceiptBatcher(() -> readIds.align().then(receipts.batchOnce()), properties.batchInterval());
    }
}
