package io.healthkey.backend.domain.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class IntentPayloadTest {

    @Test
    void roundTripsThroughItsStoredForm() {
        IntentPayload payload = new IntentPayload(Map.of("grantee", "0xabc", "action", "1", "expiresAt", "17"));

        assertThat(payload.format()).isEqualTo("action=1\nexpiresAt=17\ngrantee=0xabc\n");
        assertThat(IntentPayload.parse(payload.format())).isEqualTo(payload);
        assertThat(IntentPayload.parse("")).isEqualTo(IntentPayload.empty());
    }

    @Test
    void refusesValuesThatWouldBreakTheLineFormat() {
        assertThatThrownBy(() -> new IntentPayload(Map.of("k", "a\nb=c"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IntentPayload(Map.of("k=v", "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IntentPayload.parse("novalue")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IntentPayload.parse("a=1").require("b")).isInstanceOf(NullPointerException.class);
    }
}
