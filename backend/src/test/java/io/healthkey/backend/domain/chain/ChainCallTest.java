package io.healthkey.backend.domain.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.healthkey.protocol.EthAddress;

class ChainCallTest {

    private static final EthAddress TARGET = EthAddress.parse("0x5fbdb2315678afecb367f032d93f642f64180aa3");

    @Test
    void takesEmptyCalldataAndWholeBytesOfLowerCaseHex() {
        assertThat(new ChainCall(TARGET, "0x").calldata()).isEqualTo("0x");
        assertThat(new ChainCall(TARGET, "0x0123456789abcdef").calldata()).isEqualTo("0x0123456789abcdef");
    }

    @Test
    void refusesAnythingElse() {
        for (String bad : new String[] {"", "0", "0x1", "0x0g", "0xAB", "12ab", "0X12", "0x12 ", "x012"}) {
            assertThatThrownBy(() -> new ChainCall(TARGET, bad)).as("%s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
