package io.healthkey.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EthAddressTest {

    @ParameterizedTest // the examples of EIP-55
    @ValueSource(strings = {
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
            "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"})
    void printsTheEip55ChecksumOfEachSpecExample(String checksummed) {
        assertThat(EthAddress.parse(checksummed.toLowerCase()).toString()).isEqualTo(checksummed);
        assertThat(EthAddress.parse(checksummed).toString()).isEqualTo(checksummed);
    }

    @Test
    void acceptsAllUppercaseDigitsWithoutChecksum() {
        EthAddress address = EthAddress.parse("0x" + "5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED");
        assertThat(address.toString()).isEqualTo("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    }

    @Test
    void rejectsMixedCaseAddressWithWrongChecksum() {
        assertThatThrownBy(() -> EthAddress.parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo("PROTO-0002");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
            "0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea",
            "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed00",
            "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg",
            "0X5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
            ""})
    void rejectsTextThatIsNotTwentyBytesOfPrefixedHex(String text) {
        assertThatThrownBy(() -> EthAddress.parse(text)).isInstanceOf(MalformedEncodingException.class);
    }

    @Test
    void keepsItsBytesWhenTheCallerChangesTheirArray() {
        byte[] bytes = new byte[20];
        bytes[19] = 1;
        EthAddress address = EthAddress.fromBytes(bytes);
        bytes[19] = 2;
        address.toBytes()[19] = 3;
        assertThat(address.toLowerHex()).isEqualTo("0x0000000000000000000000000000000000000001");
    }

    @Test
    void encodesAsLeftPaddedAbiWord() {
        EthAddress address = EthAddress.parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        assertThat(Hex.encode(address.toWord()))
                .isEqualTo("0x0000000000000000000000005aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
    }

    @Test
    void equalsAnotherAddressExactlyWhenTheBytesAreEqual() {
        EthAddress lower = EthAddress.parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
        EthAddress checksummed = EthAddress.parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        assertThat(lower).isEqualTo(checksummed).hasSameHashCodeAs(checksummed);
        assertThat(lower).isNotEqualTo(EthAddress.ZERO);
    }
}
