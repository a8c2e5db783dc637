package io.healthkey.backend.adapter.outbound.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ValueRedactionTest {

    @Test
    void masksAValueWhereverItStandsWhole() {
        ValueRedaction redaction = new ValueRedaction(List.of("bogus", "8867-4"));

        assertThat(redaction.apply("Unknown code 'http://hl7.org/fhir/observation-status#bogus' ('bogus')"))
                .isEqualTo("Unknown code 'http://hl7.org/fhir/observation-status#***' ('***')");
        assertThat(redaction.apply("CodeSystem is unknown: http://loinc.org for 'http://loinc.org#8867-4'"))
                .isEqualTo("CodeSystem is unknown: http://loinc.org for 'http://loinc.org#***'");
    }

    @Test
    void leavesAValueInsideALongerWordOrNumber() {
        ValueRedaction redaction = new ValueRedaction(List.of("final", "72"));

        assertThat(redaction.apply("finally 1720 72")).isEqualTo("finally 1720 ***");
    }

    @Test
    void masksALongerValueBeforeAShorterOneWithinIt() {
        ValueRedaction redaction = new ValueRedaction(List.of("Peter", "Peter James"));

        assertThat(redaction.apply("name 'Peter James', given 'Peter'")).isEqualTo("name '***', given '***'");
    }

    @Test
    void keepsValuesOfOneCharacterSoThatCountsStayReadable() {
        ValueRedaction redaction = new ValueRedaction(List.of("1", "0"));

        assertThat(redaction.apply("minimum required = 1, but only found 0"))
                .isEqualTo("minimum required = 1, but only found 0");
    }
}
