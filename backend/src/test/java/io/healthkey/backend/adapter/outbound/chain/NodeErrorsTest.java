package io.healthkey.backend.adapter.outbound.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.healthkey.backend.domain.chain.SendOutcome;

/**
 * The messages as the nodes send them: Hardhat 2.29 (EDR) and anvil 1.7.1 were asked here, with the same signed
 * transactions sent twice, replaced, sent after mining, unfunded and underpriced; geth's come from its txpool.
 */
class NodeErrorsTest {

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of("geth", "nonce too low", SendOutcome.NONCE_TOO_LOW),
                Arguments.of("anvil", "nonce too low", SendOutcome.NONCE_TOO_LOW),
                Arguments.of("hardhat", "Transaction nonce too low. Expected nonce to be at least 2 but got 1.",
                        SendOutcome.NONCE_TOO_LOW),
                Arguments.of("hardhat", "Nonce too low. Expected nonce to be 5 but got 3.", SendOutcome.NONCE_TOO_LOW),
                Arguments.of("hardhat", "Nonce too high. Expected nonce to be 3 but got 5. Note that transactions "
                        + "can't be queued when automining.", SendOutcome.NONCE_TOO_HIGH),
                Arguments.of("geth", "already known", SendOutcome.ALREADY_KNOWN),
                Arguments.of("anvil", "transaction already imported", SendOutcome.ALREADY_KNOWN),
                Arguments.of("hardhat", "Known transaction: "
                        + "0xc0ce5c3605b3df1b756d992ec5d48d92e205536e7d7973339282a71f24a2b346",
                        SendOutcome.ALREADY_KNOWN),
                Arguments.of("geth", "replacement transaction underpriced", SendOutcome.REPLACEMENT_UNDERPRICED),
                Arguments.of("anvil", "replacement transaction underpriced", SendOutcome.REPLACEMENT_UNDERPRICED),
                Arguments.of("hardhat", "Replacement transaction underpriced. A gasPrice/maxFeePerGas of at least "
                        + "3025000000 is necessary to replace the existing transaction with nonce 1.",
                        SendOutcome.REPLACEMENT_UNDERPRICED),
                Arguments.of("geth", "transaction underpriced", SendOutcome.UNDERPRICED),
                Arguments.of("geth", "max fee per gas less than block base fee: address "
                        + "0x70997970C51812dc3A010C7d01b50e0d17dc79C8, maxFeePerGas: 1, baseFee: 7",
                        SendOutcome.UNDERPRICED),
                Arguments.of("anvil", "max fee per gas less than block base fee", SendOutcome.UNDERPRICED),
                Arguments.of("hardhat", "Transaction maxFeePerGas (1) is too low for the next block, which has a "
                        + "baseFeePerGas of 875000000", SendOutcome.UNDERPRICED),
                Arguments.of("geth", "insufficient funds for gas * price + value: balance 0, tx cost 21000, "
                        + "overshot 21000", SendOutcome.INSUFFICIENT_FUNDS),
                Arguments.of("anvil", "Insufficient funds for gas * price + value", SendOutcome.INSUFFICIENT_FUNDS),
                Arguments.of("hardhat", "Sender doesn't have enough funds to send tx. The max upfront cost is: "
                        + "1000000000000000057750000000000 and the sender's balance is: 9999999923545267177000.",
                        SendOutcome.INSUFFICIENT_FUNDS),
                Arguments.of("geth", "execution reverted", SendOutcome.REJECTED),
                Arguments.of("hardhat", "VM Exception while processing transaction: reverted with an unrecognized "
                        + "custom error (return data: 0x1234)", SendOutcome.REJECTED),
                Arguments.of("geth", "exceeds block gas limit", SendOutcome.REJECTED),
                Arguments.of("any", "", SendOutcome.REJECTED),
                Arguments.of("any", null, SendOutcome.REJECTED));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("messages")
    void classifiesEachNodesWording(String node, String message, SendOutcome expected) {
        assertThat(NodeErrors.classify(message)).isEqualTo(expected);
    }
}
