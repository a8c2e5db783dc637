package io.healthkey.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class Bytes32Test {

    @Test
    void encodesUint256BigEndianIncludingTheLargest() {
        assertThat(Bytes32.fromUint256(BigInteger.valueOf(0x1234)).toHex()).isEqualTo("0x" + "00".repeat(30) + "1234");
        assertThat(Bytes32.fromUint256(Uint.max(256)).toHex()).isEqualTo("0x" + "ff".repeat(32));
        assertThat(Bytes32.fromUint256(Uint.max(256)).toUint256()).isEqualTo(Uint.max(256));
    }

    @Test
    void rejectsNumbersOutsideUint256() {
        assertThatThrownBy(() -> Bytes32.fromUint256(Uint.max(256).add(BigInteger.ONE)))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Bytes32.fromUint256(BigInteger.valueOf(-1)))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void rejectsOddDigitCountAndNonHexDigits() {
        assertThatThrownBy(() -> Bytes32.parse("0x" + "0".repeat(63))).isInstanceOf(MalformedEncodingException.class);
        assertThatThrownBy(() -> Bytes32.parse("0x" + "z".repeat(64))).isInstanceOf(MalformedEncodingException.class);
        assertThatThrownBy(() -> Bytes32.fromBytes(new byte[33])).isInstanceOf(MalformedEncodingException.class);
    }
}
