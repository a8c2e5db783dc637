package io.healthkey.backend.domain.chain;

import java.util.Objects;
import java.util.regex.Pattern;

/** A transaction the relayer sent that a block now includes, successfully. */
public record MinedTransaction(String transactionHash, long blockNumber, long gasUsed) {

    private static final Pattern TX_HASH = Pattern.compile("0x[0-9a-f]{64}");

    public MinedTransaction {
        Objects.requireNonNull(transactionHash);
        if (!TX_HASH.matcher(transactionHash).matches()) {
            throw new IllegalArgumentException("not a transaction hash: " + transactionHash);
        }
    }
}
