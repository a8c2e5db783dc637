package io.healthkey.backend.adapter.outbound.chain;

import java.util.Locale;

import io.healthkey.backend.domain.chain.SendOutcome;

/**
 * Classifies a node's refusal of {@code eth_sendRawTransaction} by its message: nodes agree on no error code.
 * The strings are what the nodes answer (checked against Hardhat 2.29 / EDR, anvil 1.7.1 and geth's txpool):
 * <ul>
 * <li>nonce used: geth and anvil "nonce too low"; Hardhat "Nonce too low. Expected nonce to be 5 but got 3." and
 *     "Transaction nonce too low. Expected nonce to be at least 2 but got 1."</li>
 * <li>nonce gap: Hardhat (automining) "Nonce too high. Expected nonce to be 3 but got 5. Note that transactions
 *     can't be queued when automining."; geth and anvil queue such a transaction instead</li>
 * <li>already in the pool: geth "already known"; anvil "transaction already imported"; Hardhat "Known transaction:
 *     0x..."</li>
 * <li>replacement: geth and anvil "replacement transaction underpriced"; Hardhat "Replacement transaction
 *     underpriced. A gasPrice/maxFeePerGas of at least ... is necessary to replace ..."</li>
 * <li>fees too low: geth "transaction underpriced", "max fee per gas less than block base fee" (also anvil);
 *     Hardhat "Transaction maxFeePerGas (...) is too low for the next block, which has a baseFeePerGas of ..."</li>
 * <li>funds: geth "insufficient funds for gas * price + value"; anvil "Insufficient funds for gas * price +
 *     value"; Hardhat "Sender doesn't have enough funds to send tx. ..."</li>
 * </ul>
 * Anything else (a revert, a gas cap, a malformed transaction) is {@link SendOutcome#REJECTED}.
 */
final class NodeErrors {

    private NodeErrors() {
    }

    static SendOutcome classify(String message) {
        String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (text.contains("nonce too low")) {
            return SendOutcome.NONCE_TOO_LOW;
        }
        if (text.contains("nonce too high")) {
            return SendOutcome.NONCE_TOO_HIGH;
        }
        if (text.contains("already known") || text.contains("already imported")
                || text.startsWith("known transaction")) {
            return SendOutcome.ALREADY_KNOWN;
        }
        if (text.contains("replacement transaction underpriced")) {
            return SendOutcome.REPLACEMENT_UNDERPRICED;
        }
        if (text.contains("transaction underpriced") || text.contains("less than block base fee")
                || text.contains("too low for the next block")) {
            return SendOutcome.UNDERPRICED;
        }
        if (text.contains("insufficient funds") || text.contains("doesn't have enough funds")) {
            return SendOutcome.INSUFFICIENT_FUNDS;
        }
        return SendOutcome.REJECTED;
    }
}
