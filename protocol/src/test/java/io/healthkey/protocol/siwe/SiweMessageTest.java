package io.healthkey.protocol.siwe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthkey.protocol.ChecksumMismatchException;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.MalformedEncodingException;
import io.healthkey.protocol.ProtocolException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SiweMessageTest {

    static final EthAddress ALICE = EthAddress.parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    static final String MINIMAL = """
            localhost:8080 wants you to sign in with your Ethereum account:
            0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266


            URI: http://localhost:8080
            Version: 1
            Chain ID: 31337
            Nonce: k7Qd2mPx9zLw
            Issued At: 2026-11-25T10:00:00.000Z""";

    static SiweMessage.Builder minimal() {
        return SiweMessage.builder("localhost:8080", ALICE, "http://localhost:8080", 31337, "k7Qd2mPx9zLw",
                SiweTime.parse("2026-11-25T10:00:00.000Z"));
    }

    @Test
    void parsesTheRequiredFields() {
        SiweMessage message = SiweMessage.parse(MINIMAL);

        assertThat(message).isEqualTo(minimal().build());
        assertThat(message.scheme()).isNull();
        assertThat(message.statement()).isNull();
        assertThat(message.resources()).isNull();
        assertThat(message.issuedAt().instant()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
    }

    @Test
    void keepsAnEmptyStatementApartFromNoStatement() {
        SiweMessage empty = minimal().statement("").build();

        assertThat(empty.format()).contains(ALICE + "\n\n\n\nURI: ");
        assertThat(minimal().build().format()).contains(ALICE + "\n\n\nURI: ");
        assertThat(SiweMessage.parse(empty.format())).isEqualTo(empty);
    }

    @Test
    void writesTimesAsJavaScriptDoes() {
        assertThat(SiweTime.of(Instant.parse("2026-11-25T10:00:00.123456Z")).text())
                .isEqualTo("2026-11-25T10:00:00.123Z");
        assertThat(SiweTime.parse("2026-11-25T11:00:00.5+01:00").instant())
                .isEqualTo(Instant.parse("2026-11-25T10:00:00.500Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "localhost:8080 wants you to sign in with your Ethereum account:\n",
        "Localhost wants you to sign in with your Ethereum account:", "",
    })
    void rejectsTruncatedMessages(String text) {
        assertThatThrownBy(() -> SiweMessage.parse(text)).isInstanceOf(MalformedEncodingException.class);
    }

    @Test
    void rejectsEveryTruncationOfAValidMessage() {
        String full = minimal().statement("Hi").expirationTime(SiweTime.parse("2026-11-25T10:15:00Z"))
                .resources(List.of("https://a.example/b")).build().format();
        int lastResource = full.lastIndexOf("\n- ") + 4; // "https:", "https://a" ... are URIs as well
        for (int length = 0; length < lastResource; length++) {
            String truncated = full.substring(0, length);
            if (truncated.endsWith("Issued At: 2026-11-25T10:00:00.000Z")
                    || truncated.endsWith("Expiration Time: 2026-11-25T10:15:00Z")
                    || truncated.endsWith("Resources:")) {
                continue; // these prefixes are complete messages themselves
            }
            assertThatThrownBy(() -> SiweMessage.parse(truncated)).as("first %d characters", truncated.length())
                    .isInstanceOf(ProtocolException.class);
        }
    }

    @Test
    void rejectsCrLfLineBreaksAndATrailingLineBreak() {
        assertThatThrownBy(() -> SiweMessage.parse(MINIMAL.replace("\n", "\r\n")))
                .isInstanceOf(MalformedEncodingException.class);
        assertThatThrownBy(() -> SiweMessage.parse(MINIMAL + "\n")).isInstanceOf(MalformedEncodingException.class);
    }

    @Test
    void requiresTheEip55ChecksummedAddress() {
        assertThatThrownBy(() -> SiweMessage.parse(MINIMAL.replace(ALICE.toString(), ALICE.toLowerHex())))
                .isInstanceOf(MalformedEncodingException.class).hasMessageContaining("EIP-55");
        assertThatThrownBy(() -> SiweMessage.parse(MINIMAL.replace("0xf39Fd", "0xF39Fd")))
                .isInstanceOf(ChecksumMismatchException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Version: 2", "Chain ID: 0", "Chain ID: 031337", "Chain ID: -1", "Chain ID: 0x7a69",
        "Nonce: short12", "Nonce: k7Qd2mPx-zLw", "Nonce: k7Qd2mPx zLw",
        "Issued At: 2026-02-30T10:00:00Z", "Issued At: 2026-11-25 10:00:00Z", "Issued At: 2026-11-25T10:00:00",
        "Issued At: 2026-11-25T10:00:60Z", "URI: not a uri", "URI: /relative", "URI: http://x/%zz",
    })
    void rejectsFieldsOutsideTheAbnf(String line) {
        String prefix = line.substring(0, line.indexOf(':') + 1);
        String text = MINIMAL.lines()
                .map(existing -> existing.startsWith(prefix) ? line : existing)
                .reduce((a, b) -> a + "\n" + b).orElseThrow();

        assertThatThrownBy(() -> SiweMessage.parse(text)).isInstanceOf(MalformedEncodingException.class);
    }

    @Test
    void rejectsFieldsOutOfOrderOrUnknown() {
        String expiry = "\nExpiration Time: 2026-11-25T10:15:00Z";
        String notBefore = "\nNot Before: 2026-11-25T10:00:00Z";

        assertThat(SiweMessage.parse(MINIMAL + expiry + notBefore).notBefore()).isNotNull();
        assertThatThrownBy(() -> SiweMessage.parse(MINIMAL + notBefore + expiry))
                .isInstanceOf(MalformedEncodingException.class);
        assertThatThrownBy(() -> SiweMessage.parse(MINIMAL + "\nColour: blue"))
                .isInstanceOf(MalformedEncodingException.class);
        assertThatThrownBy(() -> SiweMessage.parse(MINIMAL + "\nResources:\nhttps://no-dash.example"))
                .isInstanceOf(MalformedEncodingException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"two\nlines", "quote \"", "percent %", "angle <b>", "back\\slash", "brace {"})
    void refusesStatementsTheAbnfExcludes(String statement) {
        assertThatThrownBy(() -> minimal().statement(statement).build()).isInstanceOf(MalformedEncodingException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "host name", "a/b", "exa mple:80", "[::1", "user@"})
    void refusesDomainsThatAreNotAnAuthority(String domain) {
        assertThatThrownBy(() -> SiweMessage.builder(domain, ALICE, "https://a.example", 1, "k7Qd2mPx9zLw",
                SiweTime.parse("2026-11-25T10:00:00Z")).build()).isInstanceOf(MalformedEncodingException.class);
    }

    @Test
    void acceptsSchemesInTheHeader() {
        SiweMessage message = minimal().scheme("https").build();

        assertThat(message.format()).startsWith("https://localhost:8080 wants you to sign in");
        assertThat(SiweMessage.parse(message.format())).isEqualTo(message);
        assertThatThrownBy(() -> SiweMessage.parse(message.format().replace("https://", "1ttps://")))
                .isInstanceOf(MalformedEncodingException.class);
    }
}
