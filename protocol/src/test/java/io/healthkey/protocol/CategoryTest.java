package io.healthkey.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CategoryTest {

    @Test
    void keepsTheReleasedCodesOfTheClinicalResourceTypes() {
        assertThat(Category.PATIENT.code()).isEqualTo(1);
        assertThat(Category.OBSERVATION.code()).isEqualTo(2);
        assertThat(Category.DIAGNOSTIC_REPORT.code()).isEqualTo(4);
        assertThat(Category.DOCUMENT_REFERENCE.code()).isEqualTo(11);
        assertThat(Category.BUNDLE.code()).isEqualTo(14);
        assertThat(Category.COMPOSITION.code()).isEqualTo(16);
        assertThat(Category.PDF_DOCUMENT.code()).isEqualTo(4096);
        assertThat(Category.DICOM_IMAGE.code()).isEqualTo(4097);
        assertThat(Category.PNG_IMAGE.code()).isEqualTo(4100);
        assertThat(Category.JPEG_IMAGE.code()).isEqualTo(4101);
    }

    @Test
    void imagesHoldTheirOwnMediaTypeOnly() {
        assertThat(Category.ofCode(4100).mediaType()).contains("image/png");
        assertThat(Category.ofCode(4101).mediaType()).contains("image/jpeg");
    }

    @Test
    void returnsTheNamedCategoryForItsCode() {
        assertThat(Category.ofCode(7)).isSameAs(Category.ALLERGY_INTOLERANCE);
        assertThat(Category.ofFhirResourceType("Immunization")).isSameAs(Category.IMMUNIZATION);
        assertThat(Category.OBSERVATION.mediaType()).contains("application/fhir+json");
        assertThat(Category.DICOM_IMAGE.fhirResourceType()).isEmpty();
        assertThat(Category.DICOM_IMAGE.mediaType()).contains("application/dicom");
    }

    @Test
    void allowsUnnamedCodesWithinUint16() {
        Category unnamed = Category.ofCode(65535);
        assertThat(unnamed.isNamed()).isFalse();
        assertThat(unnamed.displayName()).isEqualTo("category-65535");
        assertThat(unnamed).isEqualTo(Category.ofCode(65535));
    }

    @Test
    void rejectsZeroAndCodesBeyondUint16() {
        assertThatThrownBy(() -> Category.ofCode(0)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Category.ofCode(65536)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Category.ofCode(-1)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void rejectsResourceTypeWithoutCategory() {
        assertThatThrownBy(() -> Category.ofFhirResourceType("observation"))
                .isInstanceOf(UnknownCodeException.class);
    }

    @Test
    void documentsEveryNamedCategoryInCodesTable() throws IOException {
        String codes = Files.readString(Path.of("..", "docs", "CODES.md"));
        for (Category category : Category.named()) {
            assertThat(codes).contains("| " + category.code() + " | " + category.displayName() + " |");
        }
    }
}
