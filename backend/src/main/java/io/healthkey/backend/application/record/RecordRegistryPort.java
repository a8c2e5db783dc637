package io.healthkey.backend.application.record;

import java.util.List;

import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.record.AnchorRequest;
import io.healthkey.backend.domain.record.AnchoredRecord;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import reactor.core.publisher.Mono;

/**
 * The record registry on chain. Anchors are relayed by the service's relayer (which holds {@code RELAYER_ROLE});
 * failures are {@code DomainException}s with the contract's decoded {@code RECORD-*} code or a {@code CHAIN-*} code.
 */
public interface RecordRegistryPort {

    /** Runs the anchor as a call from the relayer at the pending block: fails as the transaction would, costs nothing. */
    Mono<Void> simulateAnchor(AnchorRequest anchor);

    /** The relayer's {@code anchor} call for {@code anchor}, for the outbox to send. */
    ChainCall anchorCall(AnchorRequest anchor);

    /** One {@code anchorBatch} call doing what the {@link #anchorCall} calls {@code anchors} do, in order. */
    ChainCall anchorBatch(List<ChainCall> anchors);

    /** The version anchored under {@code id}, read from its {@code RecordAnchored} event; empty if none. */
    Mono<AnchoredRecord> anchored(RecordId id);

    /**
     * Whether {@code id} is anchored at the latest block, by any author. {@code false} does not reserve it: another
     * author may still anchor it first, and then an anchor of it fails with {@code RECORD-0004}.
     */
    Mono<Boolean> isAnchored(RecordId id);

    /** {@code ConsentRegistry.mayWriteCategory}: whether {@code author} may add {@code patient}'s records there. */
    Mono<Boolean> mayWrite(EthAddress patient, EthAddress author, Category category);
}
