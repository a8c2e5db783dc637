package io.healthkey.backend.application.receipts;

import io.healthkey.backend.domain.receipt.LostReadLog;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/** Whether the patient's read log is whole, or lost reads the chain still counts (this service lost its database). */
public interface LostReadLogUseCase {

    /**
     * The read receipt batches committed on chain, and the reads they cover, that this database does not hold: every
     * patient's, since which reads were whose was only in the lost database. Errors: {@code REQUEST-0007} if
     * {@code viewer} is not {@code patient}; {@code CHAIN-0001} when the chain cannot answer.
     */
    Mono<LostReadLog> lostBefore(EthAddress viewer, EthAddress patient);
}
