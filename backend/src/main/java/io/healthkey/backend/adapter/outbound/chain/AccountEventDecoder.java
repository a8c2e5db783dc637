package io.healthkey.backend.adapter.outbound.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;

import io.healthkey.backend.domain.account.IdentityRecoveryStep;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.protocol.EthAddress;

/**
 * Decodes the smart-account logs the index follows: {@code AccountCreated} of the allow-listed factories, and the six
 * guardian-recovery events of {@code IAccountGuardianRecovery}, which every passkey account emits itself.
 *
 * <p>The recovery events are asked of the node by topic alone (the accounts are too many to name), so their logs come
 * from any contract, an attacker's too: a log of another layout (wrong topic count, data that does not fit) decodes to
 * nothing instead of failing the index, and a well-formed one decodes with its emitter as the account. Whether that
 * emitter is an account at all is the index's decision ({@code AccountEventGate}), not this decoder's.
 */
final class AccountEventDecoder {

    private static final Logger log = LoggerFactory.getLogger(AccountEventDecoder.class);

    static final String ACCOUNT_CREATED = EventEncoder.buildEventSignature("AccountCreated(address,bytes32,bytes32,bytes32)");
    static final String GUARDIANS_CHANGED = EventEncoder.buildEventSignature("GuardiansChanged(uint64,address[],uint64)");
    static final String DELAY_CHANGED = EventEncoder.buildEventSignature("RecoveryDelayChanged(uint64)");
    static final String APPROVED =
            EventEncoder.buildEventSignature("RecoveryApproved(uint64,address,bytes32,bytes32,bytes32,uint256)");
    static final String SCHEDULED = EventEncoder.buildEventSignature("RecoveryScheduled(uint64,bytes32,bytes32,uint64)");
    static final String EXECUTED = EventEncoder.buildEventSignature("RecoveryExecuted(uint64,bytes32,bytes32)");
    static final String CANCELLED = EventEncoder.buildEventSignature("RecoveryCancelled(uint64)");

    /** Every topic this decoder reads: the first topic of one {@code eth_getLogs} filter without an address. */
    static final List<String> TOPICS = List.of(ACCOUNT_CREATED, GUARDIANS_CHANGED, DELAY_CHANGED, APPROVED, SCHEDULED,
            EXECUTED, CANCELLED);

    /** {@code address[]} after the head of {@code GuardiansChanged}'s data: its offset, in bytes. */
    private static final long GUARDIANS_OFFSET = 64;

    private final Set<EthAddress> factories;

    AccountEventDecoder(Set<EthAddress> factories) {
        this.factories = Set.copyOf(factories);
    }

    /** The logs of one answer, in its order; {@code blockTimes} by block hash, as for the registries' logs. */
    List<ChainEvent> decodeAll(List<Log> logs, Map<String, Long> blockTimes) {
        List<ChainEvent> events = new ArrayList<>();
        for (Log entry : logs) {
            decode(entry, blockTimes).ifPresent(events::add);
        }
        return events;
    }

    private Optional<ChainEvent> decode(Log entry, Map<String, Long> blockTimes) {
        List<String> topics = entry.getTopics();
        if (topics == null || topics.isEmpty() || !TOPICS.contains(topics.get(0))) {
            return Optional.empty();
        }
        Long blockTime = blockTimes.get(entry.getBlockHash());
        if (blockTime == null) {
            throw new IllegalArgumentException("no time for block " + entry.getBlockHash() + " of a log");
        }
        EthAddress emitter = EthAddress.parse(entry.getAddress());
        LogPosition at = ChainEventDecoder.position(entry, blockTime);
        try {
            if (topics.get(0).equals(ACCOUNT_CREATED)) {
                return factories.contains(emitter) ? Optional.of(accountCreated(entry, at, emitter)) : Optional.empty();
            }
            return Optional.of(new ChainEvent.AccountRecovery(at, emitter, step(topics, entry.getData())));
        } catch (IllegalArgumentException | ArithmeticException notThisEvent) {
            log.debug("log {} of {} has a recovery event's topic and another layout: skipped", at.transactionHash(),
                    emitter);
            return Optional.empty();
        }
    }

    /** {@code AccountCreated(address indexed account, bytes32 qx, bytes32 qy, bytes32 salt)}. */
    private static ChainEvent accountCreated(Log entry, LogPosition at, EthAddress factory) {
        requireShape(entry.getTopics(), 2, entry.getData(), 3);
        return new ChainEvent.AccountCreated(at, factory,
                EthAddress.fromBytes(AbiWords.address(entry.getTopics().get(1))));
    }

    private static IdentityRecoveryStep step(List<String> topics, String data) {
        String topic = topics.get(0);
        if (topic.equals(DELAY_CHANGED)) {
            requireShape(topics, 1, data, 1);
            return IdentityRecoveryStep.delayChanged(uint64(data, 0));
        }
        if (topic.equals(APPROVED)) {
            requireShape(topics, 4, data, 3);
            return IdentityRecoveryStep.approved(uint64(topics.get(1), 0),
                    EthAddress.fromBytes(AbiWords.address(topics.get(2))), signer(data, 0), uint64(data, 2));
        }
        if (topic.equals(GUARDIANS_CHANGED)) {
            return guardiansChanged(topics, data);
        }
        if (topic.equals(SCHEDULED)) {
            requireShape(topics, 2, data, 3);
            return IdentityRecoveryStep.scheduled(uint64(topics.get(1), 0), signer(data, 0), uint64(data, 2));
        }
        if (topic.equals(EXECUTED)) {
            requireShape(topics, 2, data, 2);
            return IdentityRecoveryStep.executed(uint64(topics.get(1), 0), signer(data, 0));
        }
        requireShape(topics, 2, data, 0);
        return IdentityRecoveryStep.cancelled(uint64(topics.get(1), 0));
    }

    /** {@code GuardiansChanged(uint64 indexed round, address[] newGuardians, uint64 threshold)}, strictly as solc
     *  encodes it: the array right after the two head words, nothing after the array. */
    private static IdentityRecoveryStep guardiansChanged(List<String> topics, String data) {
        if (topics.size() != 2 || AbiWords.count(data) < 3 || AbiWords.uint(data, 0, 64) != GUARDIANS_OFFSET) {
            throw new IllegalArgumentException("not GuardiansChanged's layout");
        }
        long count = AbiWords.uint(data, 2, 64);
        if (count < 0 || count != AbiWords.count(data) - 3) {
            throw new IllegalArgumentException("GuardiansChanged's array length does not fit its data");
        }
        List<EthAddress> guardians = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            guardians.add(EthAddress.fromBytes(AbiWords.address(word(data, 3 + i))));
        }
        return IdentityRecoveryStep.guardiansChanged(uint64(topics.get(1), 0), guardians, uint64(data, 1));
    }

    /** Words {@code index} and {@code index + 1}: {@code qx ‖ qy} as {@code 0x} and 128 hex digits. */
    private static String signer(String data, int index) {
        return AbiWords.bytes32(word(data, index)).toString() + AbiWords.bytes32(word(data, index + 1)).toString()
                .substring(2);
    }

    /** A uint64 word; one above {@link Long#MAX_VALUE} is clamped to it (no account reaches it). */
    private static long uint64(String data, int index) {
        long value = AbiWords.uint(data, index, 64);
        return value < 0 ? Long.MAX_VALUE : value;
    }

    private static String word(String data, int index) {
        int start = 2 + index * 64;
        if (data.length() < start + 64) {
            throw new IllegalArgumentException("word " + index + " is missing");
        }
        return "0x" + data.substring(start, start + 64);
    }

    private static void requireShape(List<String> topics, int topicCount, String data, int words) {
        if (topics.size() != topicCount || AbiWords.count(data) != words) {
            throw new IllegalArgumentException("not the event's layout");
        }
    }
}
