package io.healthkey.backend.domain.chain;

import java.util.Objects;

import io.healthkey.protocol.EthAddress;

/** A contract call the relayer makes: the contract and the ABI-encoded calldata, 0x hex. */
public record ChainCall(EthAddress target, String calldata) {

    public ChainCall {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(calldata, "calldata");
        if (!isLowerCaseHex(calldata)) {
            throw new IllegalArgumentException("calldata must be lower-case 0x hex");
        }
    }

    /**
     * {@code 0x} and whole bytes of lower-case hex. A loop, not a regular expression: every request read from the
     * outbox checks its calldata (a grant's is over a kilobyte), and the regular expression's match took a sizeable
     * share of the sender's time next to signing (JFR, OutboxBenchmark; benchmarks/README.md, "Outbox sender").
     */
    private static boolean isLowerCaseHex(String text) {
        if (!text.startsWith("0x") || text.length() % 2 != 0) {
            return false;
        }
        for (int i = 2; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
