package io.healthkey.backend.adapter.outbound.chain;

import java.util.List;
import java.util.Optional;

import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

import io.healthkey.backend.adapter.outbound.chain.contracts.ConsentRegistry;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

/**
 * The four caregiver events of {@code IConsentCaregivers}, decoded for the event index. The appointment, with its
 * dynamic {@code bytes32[]}, goes through the generated wrapper; the other three have a fixed layout and are read
 * word by word ({@link AbiWords}), their length checked.
 */
final class CaregiverLogs {

    static final String APPOINTED = EventEncoder.encode(ConsentRegistry.CAREGIVERAPPOINTED_EVENT);
    static final String REVOKED = EventEncoder.encode(ConsentRegistry.CAREGIVERREVOKED_EVENT);
    static final String GRANTED_BY = EventEncoder.encode(ConsentRegistry.ACCESSGRANTEDBYCAREGIVER_EVENT);
    static final String REVOKED_BY = EventEncoder.encode(ConsentRegistry.ACCESSREVOKEDBYCAREGIVER_EVENT);

    private CaregiverLogs() {
    }

    /** {@code CaregiverAppointed(appointer, patient, caregiver indexed; scopes, powers, expiresAt, generation)}. */
    static ChainEvent appointed(Log log, LogPosition at, EthAddress contract) {
        var e = ConsentRegistry.getCaregiverAppointedEventFromLog(log);
        EthAddress appointer = EthAddress.parse(e.appointer);
        long expiresAt = e.expiresAt.bitLength() < 64 ? e.expiresAt.longValueExact() : Long.MAX_VALUE;
        List<Bytes32> scopes = e.scopes.stream().map(Bytes32::fromBytes).toList();
        return new ChainEvent.CaregiverChange(at, contract, EthAddress.parse(e.patient), EthAddress.parse(e.caregiver),
                Optional.of(appointer), scopes, e.powers.intValueExact(), expiresAt, e.generation.longValueExact(),
                false);
    }

    /** {@code CaregiverRevoked(address indexed patient, address indexed caregiver, uint32 generation)}. */
    static ChainEvent revoked(Log log, LogPosition at, EthAddress contract) {
        List<String> topics = requireShape(log, 3, 1);
        return new ChainEvent.CaregiverChange(at, contract, address(topics.get(1)), address(topics.get(2)),
                Optional.empty(), List.of(), 0, 0, AbiWords.uint(log.getData(), 0, 32), true);
    }

    /**
     * {@code AccessGrantedByCaregiver(caregiver, patient, grantee indexed; scope, action, generation)} and
     * {@code AccessRevokedByCaregiver(caregiver, patient, grantee indexed; scope, action)}.
     */
    static ChainEvent consent(Log log, LogPosition at, EthAddress contract, boolean revoked) {
        List<String> topics = requireShape(log, 4, revoked ? 2 : 3);
        String data = log.getData();
        GrantKey key = new GrantKey(address(topics.get(2)), address(topics.get(3)),
                AbiWords.bytes32(word(data, 0)),
                (int) AbiWords.uint(data, 1, 8));
        return new ChainEvent.CaregiverConsent(at, contract, address(topics.get(1)), key,
                revoked ? 0 : AbiWords.uint(data, 2, 32), revoked);
    }

    private static List<String> requireShape(Log log, int topicCount, int dataWords) {
        List<String> topics = log.getTopics();
        if (topics.size() != topicCount || AbiWords.count(log.getData()) != dataWords) {
            throw new IllegalArgumentException("caregiver log " + log.getTransactionHash() + " has " + topics.size()
                    + " topics and data of the wrong length for its event");
        }
        return topics;
    }

    private static EthAddress address(String topic) {
        return EthAddress.fromBytes(AbiWords.address(topic));
    }

    private static String word(String data, int index) {
        String digits = Numeric.cleanHexPrefix(data);
        return "0x" + digits.substring(index * 64, (index + 1) * 64);
    }
}
