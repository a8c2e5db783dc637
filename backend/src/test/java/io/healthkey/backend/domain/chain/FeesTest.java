package io.healthkey.backend.domain.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;

class FeesTest {

    private static Fees fees(long max, long tip) {
        return new Fees(BigInteger.valueOf(max), BigInteger.valueOf(tip));
    }

    @Test
    void bumpsEachFeeByAnEighthRoundedUp() {
        assertThat(fees(2_000_000_000L, 1_000_000_000L).bumped()).isEqualTo(fees(2_250_000_000L, 1_125_000_000L));
        assertThat(fees(17, 9).bumped()).isEqualTo(fees(20, 11));
    }

    @Test
    void tinyFeesStillRiseByAtLeastOneWei() {
        assertThat(fees(1, 0).bumped()).isEqualTo(fees(2, 1));
        assertThat(fees(0, 0).bumped()).isEqualTo(fees(1, 1));
    }

    @Test
    void aBumpAlwaysClearsTheTenPercentReplacementRule() {
        for (long max = 0; max < 2_000; max += 7) {
            Fees previous = fees(max, max / 2);
            assertThat(previous.bumped().replaces(previous)).as("fees %d", max).isTrue();
        }
    }

    @Test
    void replacementRuleNeedsBothFeesTenPercentHigher() {
        Fees previous = fees(1_000, 100);

        assertThat(fees(1_100, 110).replaces(previous)).isTrue();
        assertThat(fees(1_099, 110).replaces(previous)).isFalse();
        assertThat(fees(2_000, 109).replaces(previous)).isFalse();
    }

    @Test
    void atLeastTakesTheHigherOfEachFee() {
        assertThat(fees(1_000, 10).atLeast(fees(900, 50))).isEqualTo(fees(1_000, 50));
    }

    @Test
    void refusesATipAboveTheMaxFee() {
        assertThatThrownBy(() -> fees(10, 11)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fees(10, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
