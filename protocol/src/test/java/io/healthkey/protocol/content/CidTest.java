package io.healthkey.protocol.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.MalformedEncodingException;

class CidTest {

    static final String HELLO = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";
    static final String DAG_PB = "bafybeigz3w35doe4cn7fqfgfglrlbr5qxs7ldk4b42pjmcsuiqetcpad6i";

    @Test
    void hashesARawBlockToTheCidKuboGives() {
        Cid cid = Cid.ofBlock(Codec.RAW, "hello world".getBytes(StandardCharsets.US_ASCII));

        assertThat(cid).hasToString(HELLO);
        assertThat(cid.codec()).isEqualTo(Codec.RAW);
        assertThat(cid.digest().toHex())
                .isEqualTo("0xb94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
        assertThat(Cid.ofBlock(Codec.RAW, new byte[0]))
                .hasToString("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    }

    @Test
    void parsesAndFormatsBothCodecsRoundTrip() {
        for (String text : new String[] {HELLO, DAG_PB}) {
            Cid cid = Cid.parse(text);
            assertThat(cid).hasToString(text);
            assertThat(Cid.fromBytes(cid.toBytes())).isEqualTo(cid);
            assertThat(Cid.of(cid.codec(), cid.digest())).isEqualTo(cid).hasSameHashCodeAs(cid);
        }
        assertThat(Cid.parse(DAG_PB).codec()).isEqualTo(Codec.DAG_PB);
        assertThat(Cid.parse(DAG_PB).codec().code()).isEqualTo(0x70);
        assertThat(Cid.parse(HELLO).codec().code()).isEqualTo(0x55);
        assertThat(Cid.parse(HELLO).toBytes()).startsWith(0x01, 0x55, 0x12, 0x20);
    }

    @Test
    void anchoredDigestAndCodecGiveBackTheCid() {
        Cid cid = Cid.parse(DAG_PB);
        Bytes32 digest = Bytes32.parse(cid.digest().toHex());

        assertThat(Cid.of(Codec.fromCode(0x70), digest)).isEqualTo(cid);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o",                  // CIDv0
        "BAFKREIFZJUT3TE2NHYEKKLSS27NH3K72YSCO7Y32KOAO5EEI66WOF36N5E",   // base32 upper
        "zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA",             // base58btc
        "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5",    // truncated
        "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5ea",  // extended
        "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5f",   // non-zero trailing bits
        "bafyreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",   // dag-cbor
        "bafkr2qfzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",   // other multihash
        "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e ",
        "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n1e",
    })
    void refusesAnythingButCanonicalBase32Cidv1Sha256RawOrDagPb(String text) {
        assertThatThrownBy(() -> Cid.parse(text)).isInstanceOf(MalformedEncodingException.class)
                .extracting("code").isEqualTo("PROTO-0001");
    }

    @Test
    void matchesOnlyTheBlockItAddresses() {
        Cid cid = Cid.parse(HELLO);

        assertThat(cid.matches("hello world".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(cid.matches("hello world!".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(cid.matches("hello worle".getBytes(StandardCharsets.US_ASCII))).isFalse();
    }
}
