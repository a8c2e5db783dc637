package io.healthkey.backend.application.emergency;

import io.healthkey.backend.domain.emergency.EmergencyTransfer;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The keyholders' share transfers to requesters (migration V19). Guarantees: {@link #add} answers {@code false},
 * storing nothing, when the keyholder has a transfer for this requester and kit already (also when two arrive at
 * once: one wins); the stored rows are the patient's log of who released a share to whom.
 */
public interface EmergencyTransfersPort {

    Mono<Boolean> add(EmergencyTransfer transfer);

    /** The transfers of kit {@code kitId} of {@code patient} to {@code requester}, in the order they were accepted. */
    Flux<EmergencyTransfer> of(EthAddress patient, EthAddress requester, Bytes32 kitId);
}
