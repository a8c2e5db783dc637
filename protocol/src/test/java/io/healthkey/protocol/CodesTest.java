package io.healthkey.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CodesTest {

    @Test
    void keepsTheContractsActionCodes() {
        assertThat(Action.READ.code()).isEqualTo(1);
        assertThat(Action.WRITE.code()).isEqualTo(2);
        assertThat(Action.ofCode(2)).isEqualTo(Action.WRITE);
    }

    @Test
    void rejectsActionCodesTheContractRejects() {
        assertThatThrownBy(() -> Action.ofCode(0)).isInstanceOf(UnknownCodeException.class);
        assertThatThrownBy(() -> Action.ofCode(3)).isInstanceOf(UnknownCodeException.class)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo("PROTO-0006");
    }

    @Test
    void keepsTheReleasedPurposeCodes() {
        assertThat(Purpose.TREAT.code()).isEqualTo(1);
        assertThat(Purpose.ETREAT.code()).isEqualTo(2);
        assertThat(Purpose.HRESCH.code()).isEqualTo(6);
        assertThat(Purpose.COVERAGE.code()).isEqualTo(10);
        assertThat(Arrays.stream(Purpose.values()).mapToInt(Purpose::code).distinct().count())
                .isEqualTo(Purpose.values().length);
        assertThat(Arrays.stream(Purpose.values()).mapToInt(Purpose::code)).allMatch(code -> code > 0 && code <= 0xFFFF);
    }

    @Test
    void findsPurposeByNumberOrHl7Code() {
        assertThat(Purpose.ofCode(9)).isEqualTo(Purpose.PUBHLTH);
        assertThat(Purpose.ofHl7Code("PATRQT")).isEqualTo(Purpose.PATRQT);
        assertThatThrownBy(() -> Purpose.ofCode(0)).isInstanceOf(UnknownCodeException.class);
        assertThatThrownBy(() -> Purpose.ofHl7Code("treat")).isInstanceOf(UnknownCodeException.class);
    }

    @Test
    void documentsEveryPurposeInCodesTable() throws IOException {
        String codes = Files.readString(Path.of("..", "docs", "CODES.md"));
        for (Purpose purpose : Purpose.values()) {
            assertThat(codes).contains("| " + purpose.code() + " | " + purpose.hl7Code() + " |");
        }
    }

    /** One instance of every permitted subclass of {@link ProtocolException}, in code order. */
    private static ProtocolException[] everyKind() {
        EthAddress someone = EthAddress.parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        return new ProtocolException[] {
                new MalformedEncodingException("m"), new ChecksumMismatchException("m"), new InvalidValueException("m"),
                new InvalidScopeException("m"), new InvalidSignatureException("m"), new UnknownCodeException("m"),
                new SignerMismatchException(someone, EthAddress.ZERO), new DecryptionFailedException(),
                new ContentMismatchException("m"), new EnvelopeDecryptionException("m"),
                new ShareTransferRefusedException("m")};
    }

    @Test
    void givesEachExceptionKindItsOwnStableCode() {
        ProtocolException[] kinds = everyKind();
        assertThat(Arrays.stream(kinds).map(ProtocolException::code))
                .containsExactly("PROTO-0001", "PROTO-0002", "PROTO-0003", "PROTO-0004", "PROTO-0005",
                        "PROTO-0006", "PROTO-0007", "PROTO-0008", "PROTO-0009", "PROTO-0020", "PROTO-0026");
        assertThat(kinds).hasSameSizeAs(ProtocolException.class.getPermittedSubclasses());
    }

    @Test
    void documentsEveryProtocolErrorCodeInCodesTable() throws IOException {
        String codes = Files.readString(Path.of("..", "docs", "CODES.md"));
        ProtocolException[] kinds = everyKind();
        for (ProtocolException kind : kinds) {
            assertThat(codes).contains("| " + kind.code() + " | " + kind.getClass().getSimpleName() + " |");
        }
    }
}
