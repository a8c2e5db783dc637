package io.healthkey.backend.domain.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.support.Checkout;

class ErrorCodeTest {

    @Test
    void codesAreUniqueAndShapedAsAreaDashFourDigits() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code))
                .doesNotHaveDuplicates()
                .allMatch(code -> code.matches("[A-Z]+-\\d{4}"));
    }

    @Test
    void everyCodeIsDocumentedForApiClients() throws Exception {
        Path root = Checkout.root();
        String docs = Files.readString(root.resolve("docs/CODES.md"));

        assertThat(ErrorCode.values()).allSatisfy(code ->
                assertThat(docs).contains("| " + code.code() + " | "));
    }
}
