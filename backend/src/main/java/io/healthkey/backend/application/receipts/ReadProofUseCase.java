package io.healthkey.backend.application.receipts;

import io.healthkey.backend.domain.receipt.ReadProof;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/** The inclusion proof of one read's receipt, for the patient whose record was read. */
public interface ReadProofUseCase {

    /**
     * Errors: {@code REQUEST-0007} if {@code viewer} is not {@code patient}; {@code RECEIPT-0005} if
     * {@code readId} is no read of {@code patient}'s records; {@code RECEIPT-0006} while its batch is not on chain.
     */
    Mono<ReadProof> proof(EthAddress viewer, EthAddress patient, long readId);
}
