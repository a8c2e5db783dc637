package io.healthkey.backend.domain.chain;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One signed transaction for a relayer nonce, stored before it is broadcast so that it can be broadcast again,
 * byte for byte, after a crash.
 *
 * @param hash the transaction hash
 * @param rawTransaction the signed transaction, 0x hex, as {@code eth_sendRawTransaction} takes it
 * @param cancel whether this is a zero-value transfer to the relayer itself, sent to free the nonce
 */
public record TransactionAttempt(String hash, String rawTransaction, Fees fees, boolean cancel, Instant sentAt) {

    private static final Pattern TX_HASH = Pattern.compile("0x[0-9a-f]{64}");

    public TransactionAttempt {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(rawTransaction, "rawTransaction");
        Objects.requireNonNull(fees, "fees");
        Objects.requireNonNull(sentAt, "sentAt");
        if (!TX_HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("not a transaction hash: " + hash);
        }
    }
}
