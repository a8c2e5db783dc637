package io.healthkey.backend.adapter.out.chain;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

import io.healthkey.backend.adapter.out.chain.contracts.ConsentRegistry;
import io.healthkey.backend.adapter.out.chain.contracts.ParticipantDirectory;
import io.healthkey.backend.adapter.out.chain.contracts.RecordRegistry;
import io.healthkey.backend.domain.directory.ProviderStatus;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

/**
 * Decodes the deployment's logs into {@link ChainEvent}s with the generated wrappers' event definitions. Logs of
 * other contracts, and events the index does not follow (roles, EIP-712 domain), decode to empty.
 */
final class ChainEventDecoder {

    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final EthAddress consent;
    private final EthAddress directory;
    private final EthAddress records;
    private final Map<String, BiFunction<Log, LogPosition, ChainEvent>> byTopic;

    ChainEventDecoder(Deployment deployment) {
        this.consent = deployment.consentRegistry();
        this.directory = deployment.participantDirectory();
        this.records = deployment.recordRegistry();
        this.byTopic = Map.of(
                EventEncoder.encode(ConsentRegistry.ACCESSGRANTED_EVENT), this::granted,
                EventEncoder.encode(ConsentRegistry.ACCESSREVOKED_EVENT), this::revoked,
                EventEncoder.encode(ParticipantDirectory.PROVIDERACCREDITED_EVENT), this::accredited,
                EventEncoder.encode(ParticipantDirectory.PROVIDERSUSPENDED_EVENT), this::suspended,
                EventEncoder.encode(ParticipantDirectory.PROVIDERREINSTATED_EVENT), this::reinstated,
                EventEncoder.encode(ParticipantDirectory.ENCRYPTIONKEYPUBLISHED_EVENT), this::keyPublished,
                RecordAnchoredLogs.TOPIC, this::anchored);
    }

    /** {@code log}, emitted in a block mined at {@code blockTime} (seconds since the epoch). */
    Optional<ChainEvent> decode(Log log, long blockTime) {
        if (log.getTopics().isEmpty()) {
            return Optional.empty();
        }
        var decoder = byTopic.get(log.getTopics().get(0));
        if (decoder == null) {
            return Optional.empty();
        }
        ChainEvent event = decoder.apply(log, position(log, blockTime));
        return event.contract().equals(expectedContract(event)) ? Optional.of(event) : Optional.empty();
    }

    private EthAddress expectedContract(ChainEvent event) {
        if (event instanceof ChainEvent.Consent) {
            return consent;
        }
        return event instanceof ChainEvent.Anchor ? records : directory;
    }

    private ChainEvent granted(Log log, LogPosition at) {
        var e = ConsentRegistry.getAccessGrantedEventFromLog(log);
        var key = new GrantKey(EthAddress.parse(e.patient), EthAddress.parse(e.grantee), Bytes32.fromBytes(e.scope),
                e.action.intValueExact());
        return new ChainEvent.Consent(at, contract(log), key, e.purpose.intValueExact(),
                e.expiresAt.min(LONG_MAX).longValueExact(), false);
    }

    private ChainEvent revoked(Log log, LogPosition at) {
        var e = ConsentRegistry.getAccessRevokedEventFromLog(log);
        var key = new GrantKey(EthAddress.parse(e.patient), EthAddress.parse(e.grantee), Bytes32.fromBytes(e.scope),
                e.action.intValueExact());
        return new ChainEvent.Consent(at, contract(log), key, 0, 0, true);
    }

    private ChainEvent accredited(Log log, LogPosition at) {
        var e = ParticipantDirectory.getProviderAccreditedEventFromLog(log);
        return new ChainEvent.Provider(at, contract(log), "ProviderAccredited",
                EthAddress.parse(e.provider), ProviderStatus.ACTIVE, 0, Optional.of(e.name));
    }

    private ChainEvent suspended(Log log, LogPosition at) {
        var e = ParticipantDirectory.getProviderSuspendedEventFromLog(log);
        return new ChainEvent.Provider(at, contract(log), "ProviderSuspended",
                EthAddress.parse(e.provider), ProviderStatus.SUSPENDED, e.reason.intValueExact(), Optional.empty());
    }

    private ChainEvent reinstated(Log log, LogPosition at) {
        var e = ParticipantDirectory.getProviderReinstatedEventFromLog(log);
        return new ChainEvent.Provider(at, contract(log), "ProviderReinstated",
                EthAddress.parse(e.provider), ProviderStatus.ACTIVE, 0, Optional.empty());
    }

    private ChainEvent keyPublished(Log log, LogPosition at) {
        var e = ParticipantDirectory.getEncryptionKeyPublishedEventFromLog(log);
        return new ChainEvent.KeyPublished(at, contract(log), EthAddress.parse(e.account),
                Numeric.toHexString(e.publicKey));
    }

    private ChainEvent anchored(Log log, LogPosition at) {
        var record = RecordAnchoredLogs.toAnchoredRecord(log);
        var e = RecordRegistry.getRecordAnchoredEventFromLog(log);
        return new ChainEvent.Anchor(at, contract(log), EthAddress.parse(e.patient),
                e.category.intValueExact(), record);
    }

    private static LogPosition position(Log log, long blockTime) {
        return new LogPosition(log.getBlockNumber().longValueExact(), log.getLogIndex().intValueExact(),
                log.getBlockHash(), log.getTransactionHash(), blockTime);
    }

    private static EthAddress contract(Log log) {
        return EthAddress.parse(log.getAddress());
    }
}
