package io.healthkey.backend.adapter.outbound.chain;

import java.util.Map;
import java.util.Optional;

import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;

import io.healthkey.backend.adapter.outbound.chain.contracts.EmergencyAccess;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

/**
 * The {@code EmergencyAccess} events the index follows, decoded through the generated wrapper's event definitions
 * into {@link ChainEvent.Emergency}. {@code EmergencySetupChanged} is not followed: whether a window still opens a
 * record is the contract's to say ({@code hasEmergencyAccess}), never the index's.
 */
final class EmergencyEventDecoding {

    @FunctionalInterface
    interface Decoding {
        ChainEvent apply(Log log, LogPosition at, EthAddress contract);
    }

    static final Map<String, Decoding> BY_TOPIC = Map.of(
            EventEncoder.encode(EmergencyAccess.EMERGENCYACCESSREQUESTED_EVENT), EmergencyEventDecoding::requested,
            EventEncoder.encode(EmergencyAccess.EMERGENCYACCESSAPPROVED_EVENT), EmergencyEventDecoding::approved,
            EventEncoder.encode(EmergencyAccess.EMERGENCYWINDOWOPENED_EVENT), EmergencyEventDecoding::opened,
            EventEncoder.encode(EmergencyAccess.EMERGENCYACCESSCLOSED_EVENT), EmergencyEventDecoding::closed);

    private EmergencyEventDecoding() {
    }

    private static ChainEvent requested(Log log, LogPosition at, EthAddress contract) {
        var e = EmergencyAccess.getEmergencyAccessRequestedEventFromLog(log);
        return new ChainEvent.Emergency(at, contract, "EmergencyAccessRequested", EthAddress.parse(e.patient),
                EthAddress.parse(e.requester), e.round.longValueExact(), e.approvalsUntil.longValueExact(),
                e.purpose.intValueExact(), Optional.of(Bytes32.fromBytes(e.reasonHash)), Optional.empty(), 0);
    }

    private static ChainEvent approved(Log log, LogPosition at, EthAddress contract) {
        var e = EmergencyAccess.getEmergencyAccessApprovedEventFromLog(log);
        return new ChainEvent.Emergency(at, contract, "EmergencyAccessApproved", EthAddress.parse(e.patient),
                EthAddress.parse(e.requester), e.round.longValueExact(), 0, 0, Optional.empty(),
                Optional.of(EthAddress.parse(e.keyholder)), e.approvals.intValueExact());
    }

    private static ChainEvent opened(Log log, LogPosition at, EthAddress contract) {
        var e = EmergencyAccess.getEmergencyWindowOpenedEventFromLog(log);
        return new ChainEvent.Emergency(at, contract, "EmergencyWindowOpened", EthAddress.parse(e.patient),
                EthAddress.parse(e.requester), 0, e.until.longValueExact(), 0,
                Optional.of(Bytes32.fromBytes(e.reasonHash)), Optional.empty(), 0);
    }

    private static ChainEvent closed(Log log, LogPosition at, EthAddress contract) {
        var e = EmergencyAccess.getEmergencyAccessClosedEventFromLog(log);
        return new ChainEvent.Emergency(at, contract, "EmergencyAccessClosed", EthAddress.parse(e.patient),
                EthAddress.parse(e.requester), e.round.longValueExact(), 0, 0, Optional.empty(), Optional.empty(), 0);
    }
}
