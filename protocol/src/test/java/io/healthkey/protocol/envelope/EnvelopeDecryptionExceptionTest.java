package io.healthkey.protocol.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthkey.protocol.EnvelopeDecryptionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EnvelopeDecryptionExceptionTest {

    @Test
    void hasItsOwnStableCodeListedInTheCodesTable() throws IOException {
        assertThat(new EnvelopeDecryptionException("m").code()).isEqualTo("PROTO-0020");
        assertThat(Files.readString(Path.of("..", "docs", "CODES.md")))
                .contains("| PROTO-0020 | EnvelopeDecryptionException |");
    }
}
