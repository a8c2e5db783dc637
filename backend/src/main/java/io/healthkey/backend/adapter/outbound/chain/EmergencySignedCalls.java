package io.healthkey.backend.adapter.outbound.chain;

import java.util.List;

import org.web3j.abi.TypeReference;

import io.healthkey.backend.adapter.outbound.chain.contracts.EmergencyAccess;
import io.healthkey.protocol.EthAddress;

/**
 * The {@code EmergencyAccess} functions that take a nonce-bearing signed message: a setup, a request, a closure. An
 * approval has no nonce (its round and the approvals bitmap stop replays), so the relayer's own transaction decides
 * its request, as for an anchor.
 */
final class EmergencySignedCalls {

    private EmergencySignedCalls() {
    }

    static List<SignedCall> of(EthAddress emergencyAccess) {
        return List.of(
                // EmergencySetupChanged(patient, keyholders, threshold, windowLength, scopes, version)
                new SignedCall(emergencyAccess,
                        "setupBySig((address,address[],uint8,uint32,bytes32[],uint256,uint256),bytes)",
                        new TypeReference<EmergencyAccess.EmergencySetup>() { },
                        EmergencyAccess.EMERGENCYSETUPCHANGED_EVENT, 5),
                // EmergencyAccessRequested(requester, patient, purpose, reasonHash, round, approvalsUntil)
                new SignedCall(emergencyAccess,
                        "requestAccessBySig((address,address,uint16,bytes32,uint256,uint256),bytes)",
                        new TypeReference<EmergencyAccess.EmergencyRequest>() { },
                        EmergencyAccess.EMERGENCYACCESSREQUESTED_EVENT, 4),
                // EmergencyAccessClosed(patient, requester, round)
                new SignedCall(emergencyAccess, "closeBySig((address,address,uint256,uint256),bytes)",
                        new TypeReference<EmergencyAccess.EmergencyClosure>() { },
                        EmergencyAccess.EMERGENCYACCESSCLOSED_EVENT, 2));
    }
}
