package io.healthkey.backend.domain.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.protocol.Category;

class MediaTypesTest {

    @Test
    void fhirCategoriesHoldFhirJsonAndPayloadCategoriesTheirOwnType() {
        assertThat(MediaTypes.forCategory(Category.OBSERVATION, "application/fhir+json; fhirVersion=4.0"))
                .isEqualTo("application/fhir+json");
        assertThat(MediaTypes.forCategory(Category.PDF_DOCUMENT, "Application/PDF")).isEqualTo("application/pdf");
        assertThat(MediaTypes.forCategory(Category.ofCode(61_440), "image/png")).isEqualTo("image/png");
    }

    @Test
    void aMismatchOrSomethingThatIsNoMediaTypeIsAnInvalidField() {
        for (String[] bad : new String[][] {{"2", "application/pdf"}, {"4096", "application/fhir+json"},
                {"61440", "not a media type"}, {"61440", ""}, {"61440", "text/" + "x".repeat(200)}}) {
            assertThatThrownBy(() -> MediaTypes.forCategory(Category.ofCode(Integer.parseInt(bad[0])), bad[1]))
                    .as(bad[0] + " " + bad[1])
                    .isInstanceOfSatisfying(DomainException.class,
                            e -> assertThat(e.code()).isEqualTo("REQUEST-0002"));
        }
        assertThatThrownBy(() -> MediaTypes.forCategory(Category.OBSERVATION, null))
                .isInstanceOf(DomainException.class);
    }
}
