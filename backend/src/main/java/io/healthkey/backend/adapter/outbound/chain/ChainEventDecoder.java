package io.healthkey.backend.adapter.outbound.chain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

import io.healthkey.backend.adapter.outbound.chain.contracts.ConsentRegistry;
import io.healthkey.backend.adapter.outbound.chain.contracts.ParticipantDirectory;
import io.healthkey.backend.adapter.outbound.chain.contracts.RecordRegistry;
import io.healthkey.backend.domain.directory.ProviderStatus;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.protocol.EthAddress;

/**
 * Decodes the deployment's logs into {@link ChainEvent}s. Logs of other contracts, and events the index does not
 * follow (roles, EIP-712 domain), decode to empty. The consent events, nearly all of what a backfill reads, have a
 * fixed layout and are read word by word ({@link AbiWords}); the rare ones with dynamic data (a provider's name, a
 * public key, a record's anchor) go through the generated wrappers' event definitions.
 */
final class ChainEventDecoder {

    private static final String GRANTED = EventEncoder.encode(ConsentRegistry.ACCESSGRANTED_EVENT);
    private static final String REVOKED = EventEncoder.encode(ConsentRegistry.ACCESSREVOKED_EVENT);

    private final Map<String, Rule> byTopic;

    /** The contract a topic must come from, and how to read it. */
    private record Rule(EthAddress contract, Decoding decoding) {
    }

    @FunctionalInterface
    private interface Decoding {
        ChainEvent apply(Log log, LogPosition at, EthAddress contract, Addresses addresses);
    }

    ChainEventDecoder(Deployment deployment) {
        EthAddress consent = deployment.consentRegistry();
        EthAddress directory = deployment.participantDirectory();
        Map<String, Rule> rules = new HashMap<>(Map.of(
                GRANTED, new Rule(consent, ChainEventDecoder::granted),
                REVOKED, new Rule(consent, ChainEventDecoder::revoked),
                EventEncoder.encode(ParticipantDirectory.PROVIDERACCREDITED_EVENT),
                new Rule(directory, (log, at, contract, a) -> accredited(log, at, contract)),
                EventEncoder.encode(ParticipantDirectory.PROVIDERSUSPENDED_EVENT),
                new Rule(directory, (log, at, contract, a) -> suspended(log, at, contract)),
                EventEncoder.encode(ParticipantDirectory.PROVIDERREINSTATED_EVENT),
                new Rule(directory, (log, at, contract, a) -> reinstated(log, at, contract)),
                EventEncoder.encode(ParticipantDirectory.ENCRYPTIONKEYPUBLISHED_EVENT),
                new Rule(directory, (log, at, contract, a) -> keyPublished(log, at, contract)),
                RecordAnchoredLogs.TOPIC,
                new Rule(deployment.recordRegistry(), (log, at, contract, a) -> anchored(log, at, contract))));
        rules.put(CaregiverLogs.APPOINTED, new Rule(consent, (log, at, c, a) -> CaregiverLogs.appointed(log, at, c)));
        rules.put(CaregiverLogs.REVOKED, new Rule(consent, (log, at, c, a) -> CaregiverLogs.revoked(log, at, c)));
        rules.put(CaregiverLogs.GRANTED_BY, new Rule(consent,
                (log, at, c, a) -> CaregiverLogs.consent(log, at, c, false)));
        rules.put(CaregiverLogs.REVOKED_BY, new Rule(consent,
                (log, at, c, a) -> CaregiverLogs.consent(log, at, c, true)));
        deployment.emergencyAccess().ifPresent(emergency -> EmergencyEventDecoding.BY_TOPIC.forEach((topic, decoding) ->
                rules.put(topic, new Rule(emergency, (log, at, contract, a) -> decoding.apply(log, at, contract)))));
        this.byTopic = Map.copyOf(rules);
    }

    /**
     * One node answer, in its order, each log emitted in a block mined at {@code blockTimes.get(its block hash)}
     * (seconds since the epoch). An address that recurs in it (a patient's, a grantee's, the contract's) is parsed
     * once and shared: its EIP-55 text, which the index stores, is then hashed once per answer.
     *
     * @throws IllegalArgumentException if a log of a followed event, from its contract, does not fit the event's ABI
     */
    List<ChainEvent> decodeAll(List<Log> logs, Map<String, Long> blockTimes) {
        Addresses addresses = new Addresses();
        List<ChainEvent> events = new ArrayList<>(logs.size());
        for (Log log : logs) {
            decode(log, blockTimes.get(log.getBlockHash()), addresses).ifPresent(events::add);
        }
        return events;
    }

    /** {@code log}, emitted in a block mined at {@code blockTime} (seconds since the epoch). */
    Optional<ChainEvent> decode(Log log, long blockTime) {
        return decode(log, blockTime, new Addresses());
    }

    private Optional<ChainEvent> decode(Log log, Long blockTime, Addresses addresses) {
        if (log.getTopics() == null || log.getTopics().isEmpty()) {
            return Optional.empty();
        }
        Rule rule = byTopic.get(log.getTopics().get(0));
        if (rule == null) {
            return Optional.empty();
        }
        EthAddress contract = addresses.parse(log.getAddress());
        if (!contract.equals(rule.contract())) {
            return Optional.empty();
        }
        if (blockTime == null) {
            throw new IllegalArgumentException("no time for block " + log.getBlockHash() + " of a log");
        }
        return Optional.of(rule.decoding().apply(log, position(log, blockTime), rule.contract(), addresses));
    }

    /** {@code AccessGranted(address indexed patient, address indexed grantee, bytes32 indexed scope, uint8 action,
     *  uint16 purpose, uint64 expiresAt)}. */
    private static ChainEvent granted(Log log, LogPosition at, EthAddress contract, Addresses addresses) {
        GrantKey key = grantKey(log, 3, addresses);
        long expiresAt = AbiWords.uint(log.getData(), 2, 64);
        return new ChainEvent.Consent(at, contract, key, (int) AbiWords.uint(log.getData(), 1, 16),
                expiresAt < 0 ? Long.MAX_VALUE : expiresAt, false);
    }

    /** {@code AccessRevoked(address indexed patient, address indexed grantee, bytes32 indexed scope, uint8 action)}. */
    private static ChainEvent revoked(Log log, LogPosition at, EthAddress contract, Addresses addresses) {
        return new ChainEvent.Consent(at, contract, grantKey(log, 1, addresses), 0, 0, true);
    }

    private static GrantKey grantKey(Log log, int dataWords, Addresses addresses) {
        List<String> topics = log.getTopics();
        if (topics.size() != 4 || AbiWords.count(log.getData()) != dataWords) {
            throw new IllegalArgumentException("consent log " + log.getTransactionHash() + " has " + topics.size()
                    + " topics and data of the wrong length for its event");
        }
        return new GrantKey(addresses.word(topics.get(1)), addresses.word(topics.get(2)),
                AbiWords.bytes32(topics.get(3)), (int) AbiWords.uint(log.getData(), 0, 8));
    }

    private static ChainEvent accredited(Log log, LogPosition at, EthAddress contract) {
        var e = ParticipantDirectory.getProviderAccreditedEventFromLog(log);
        return new ChainEvent.Provider(at, contract, "ProviderAccredited",
                EthAddress.parse(e.provider), ProviderStatus.ACTIVE, 0, Optional.of(e.name));
    }

    private static ChainEvent suspended(Log log, LogPosition at, EthAddress contract) {
        var e = ParticipantDirectory.getProviderSuspendedEventFromLog(log);
        return new ChainEvent.Provider(at, contract, "ProviderSuspended",
                EthAddress.parse(e.provider), ProviderStatus.SUSPENDED, e.reason.intValueExact(), Optional.empty());
    }

    private static ChainEvent reinstated(Log log, LogPosition at, EthAddress contract) {
        var e = ParticipantDirectory.getProviderReinstatedEventFromLog(log);
        return new ChainEvent.Provider(at, contract, "ProviderReinstated",
                EthAddress.parse(e.provider), ProviderStatus.ACTIVE, 0, Optional.empty());
    }

    private static ChainEvent keyPublished(Log log, LogPosition at, EthAddress contract) {
        var e = ParticipantDirectory.getEncryptionKeyPublishedEventFromLog(log);
        return new ChainEvent.KeyPublished(at, contract, EthAddress.parse(e.account),
                Numeric.toHexString(e.publicKey));
    }

    private static ChainEvent anchored(Log log, LogPosition at, EthAddress contract) {
        var record = RecordAnchoredLogs.toAnchoredRecord(log);
        var e = RecordRegistry.getRecordAnchoredEventFromLog(log);
        return new ChainEvent.Anchor(at, contract, EthAddress.parse(e.patient),
                e.category.intValueExact(), record);
    }

    static LogPosition position(Log log, long blockTime) {
        long logIndex = AbiWords.quantity(log.getLogIndexRaw(), "log index");
        if (logIndex > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("log index out of range: " + log.getLogIndexRaw());
        }
        return new LogPosition(AbiWords.quantity(log.getBlockNumberRaw(), "block number"), (int) logIndex,
                log.getBlockHash(), log.getTransactionHash(), blockTime);
    }

    /** Addresses seen in one answer, by their text: parsed once each. */
    private static final class Addresses {

        private final Map<String, EthAddress> byText = new HashMap<>();

        EthAddress parse(String address) {
            return byText.computeIfAbsent(address, EthAddress::parse);
        }

        EthAddress word(String topic) {
            return byText.computeIfAbsent(topic, t -> EthAddress.fromBytes(AbiWords.address(t)));
        }
    }
}
