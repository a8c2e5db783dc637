package io.healthkey.backend.adapter.out.chain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.healthkey.backend.domain.chain.SendOutcome;

/** The messages as the nodes send them: Hardhat 2.29 and anvil 1.7.1 were asked here; geth's from its txpool. */
class NodeErrorsTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            geth    | nonce too low                                                                     | NONCE_TOO_LOW
            anvil   | nonce too low                                                                     | NONCE_TOO_LOW
            hardhat | Transaction nonce too low. Expected nonce to be at least 2 but got 1.            | NONCE_TOO_LOW
            hardhat | Nonce too low. Expected nonce to be 5 but got 3.                                  | NONCE_TOO_LOW
            hardhat | Nonce too high. Expected nonce to be 3 but got 5. Note that transactions can't be queued when automining. | NONCE_TOO_HIGH
            geth    | already known                                                                     | ALREADY_KNOWN
            anvil   | transaction already imported                                                      | ALREADY_KNOWN
            hardhat | Known transaction: 0xc0ce5c3605b3df1b756d992ec5d48d92e205536e7d7973339282a71f24a2b346 | ALREADY_KNOWN
            geth    | replacement transaction underpriced                                               | REPLACEMENT_UNDERPRICED
            anvil   | replacement transaction underpriced                                               | REPLACEMENT_UNDERPRICED
            hardhat | Replacement transaction underpriced. A gasPrice/maxFeePerGas of at least 3025000000 is necessary to replace the existing transaction with nonce 1. | REPLACEMENT_UNDERPRICED
            geth    | transaction underpriced                                                           | UNDERPRICED
            geth    | max fee per gas less than block base fee: address 0x70997970C51812dc3A010C7d01b50e0d17dc79C8, maxFeePerGas: 1, baseFee: 7 | UNDERPRICED
            anvil   | max fee per gas less than block base fee                                          | UNDERPRICED
            hardhat | Transaction maxFeePerGas (1) is too low for the next block, which has a baseFeePerGas of 875000000 | UNDERPRICED
            geth    | insufficient funds for gas * price + value: balance 0, tx cost 21000, overshot 21000 | INSUFFICIENT_FUNDS
            anvil   | Insufficient funds for gas * price + value                                        | INSUFFICIENT_FUNDS
            hardhat | Sender doesn't have enough funds to send tx. The max upfront cost is: 1000000000000000057750000000000 and the sender's balance is: 9999999923545267177000. | INSUFFICIENT_FUNDS
            geth    | execution reverted                                                                | REJECTED
            hardhat | VM Exception while processing transaction: reverted with an unrecognized custom error (return data: 0x1234) | REJECTED
            geth    | exceeds block gas limit                                                           | REJECTED
            any     | ''                                                                                | REJECTED
            """)
    void classifiesEachNodesWording(String node, String message, SendOutcome expected) {
        assertThat(NodeErrors.classify(message)).isEqualTo(expected);
    }
}
