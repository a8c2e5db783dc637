package io.healthkey.backend.adapter.outbound.fhir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;

import io.healthkey.backend.domain.fhir.FhirIssue;
import io.healthkey.backend.domain.fhir.FhirValidation;
import io.healthkey.backend.domain.fhir.OperationOutcomes;

class HapiFhirValidatorTest {

    private static final HapiFhirValidator validator = SharedHapiFhirValidator.INSTANCE;

    // --- valid resources -----------------------------------------------------------------------------------------

    @Test
    void acceptsARealisticPatient() {
        FhirValidation validation = validator.validate(sample("patient-valid.json"));

        assertThat(validation.resourceType()).contains("Patient");
        assertThat(validation.isValid()).as("issues: %s", validation.issues()).isTrue();
        assertThat(validation.issues()).isEmpty();
    }

    @Test
    void acceptsAnObservationWithALoincCodeAndOnlyWarnsThatLoincIsNotCheckedOffline() {
        FhirValidation validation = validator.validate(sample("observation-valid.json"));

        assertThat(validation.resourceType()).contains("Observation");
        assertThat(validation.isValid()).as("issues: %s", validation.issues()).isTrue();
        assertThat(validation.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo("warning");
            assertThat(issue.code()).isEqualTo("not-found");
            assertThat(issue.expression()).containsExactly("Observation.code");
            assertThat(issue.diagnostics()).contains("http://loinc.org").doesNotContain("8867-4");
        });
    }

    @Test
    void acceptsABundleOfTypeCollection() {
        FhirValidation validation = validator.validate(sample("bundle-collection-valid.json"));

        assertThat(validation.resourceType()).contains("Bundle");
        assertThat(validation.isValid()).as("issues: %s", validation.issues()).isTrue();
        assertThat(validation.issues()).extracting(FhirIssue::expression)
                .as("locations inside a Bundle, without HAPI's comments quoting the entry's type and id")
                .containsExactly(List.of("Bundle.entry[1].resource.code"));
    }

    @Test
    void warnsButAcceptsAProfileItCannotResolveOffline() {
        FhirValidation validation = validator.validate(json("""
                {"resourceType":"Patient","meta":{"profile":["http://example.org/fhir/StructureDefinition/p"]},
                 "birthDate":"1974-12-25"}"""));

        assertThat(validation.isValid()).as("issues: %s", validation.issues()).isTrue();
        assertThat(validation.issues()).isNotEmpty().allSatisfy(issue -> assertThat(issue.severity()).isEqualTo("warning"));
    }

    // --- invalid resources: errors from the R4 base definitions --------------------------------------------------

    @Test
    void refusesAnObservationWithoutStatus() {
        FhirValidation validation = validator.validate(json("""
                {"resourceType":"Observation","code":{"text":"Heart rate"}}"""));

        assertThat(validation.resourceType()).contains("Observation");
        assertThat(validation.isValid()).isFalse();
        assertThat(errors(validation)).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo("error");
            assertThat(issue.code()).isEqualTo("structure");
            assertThat(issue.expression()).containsExactly("Observation");
            assertThat(issue.diagnostics()).contains("Observation.status").contains("minimum required = 1");
        });
    }

    @Test
    void refusesAStatusOutsideItsRequiredBindingWithoutQuotingIt() {
        FhirValidation validation = validator.validate(json("""
                {"resourceType":"Observation","status":"bogus","code":{"text":"Heart rate"}}"""));

        assertThat(validation.isValid()).isFalse();
        assertThat(errors(validation)).isNotEmpty().allSatisfy(issue -> {
            assertThat(issue.code()).isEqualTo("code-invalid");
            assertThat(issue.expression()).containsExactly("Observation.status");
            assertThat(issue.diagnostics()).doesNotContain("bogus");
        });
        assertThat(errors(validation)).anySatisfy(issue ->
                assertThat(issue.diagnostics()).contains("http://hl7.org/fhir/ValueSet/observation-status"));
    }

    @Test
    void refusesAnElementR4DoesNotDefine() {
        FhirValidation validation = validator.validate(json("""
                {"resourceType":"Patient","birthDate":"1974-12-25","favouriteColour":"green"}"""));

        assertThat(validation.isValid()).isFalse();
        assertThat(errors(validation)).singleElement().satisfies(issue -> {
            assertThat(issue.code()).isEqualTo("structure");
            assertThat(issue.expression()).containsExactly("Patient");
            assertThat(issue.diagnostics()).contains("favouriteColour").doesNotContain("green");
        });
    }

    @Test
    void refusesAValueOfTheWrongDatatypeWithoutQuotingIt() {
        FhirValidation validation = validator.validate(json("""
                {"resourceType":"Patient","birthDate":"yesterday"}"""));

        assertThat(validation.isValid()).isFalse();
        assertThat(errors(validation)).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo("error");
            assertThat(issue.code()).isEqualTo("invalid");
            assertThat(issue.expression()).containsExactly("Patient.birthDate");
            assertThat(issue.diagnostics()).doesNotContain("yesterday").contains(ValueRedaction.MASK);
        });
    }

    @Test
    void refusesAUnitThatIsNotUcumWithoutQuotingIt() {
        FhirValidation validation = validator.validate(json("""
                {"resourceType":"Observation","status":"final","code":{"text":"Heart rate"},
                 "valueQuantity":{"value":72,"system":"http://unitsofmeasure.org","code":"beats"}}"""));

        assertThat(validation.isValid()).isFalse();
        assertThat(errors(validation)).singleElement().satisfies(issue -> {
            assertThat(issue.expression()).containsExactly("Observation.value.ofType(Quantity)");
            assertThat(issue.diagnostics()).doesNotContain("beats");
        });
    }

    // --- bodies that are not FHIR resources: one fatal issue, no resource type ----------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", "   \n", "not json", "{\"resourceType\":\"Patient\"", "{'resourceType':'Patient'}",
            "[{\"resourceType\":\"Patient\"}]", "\"Patient\"", "42", "null",
            "{\"name\":[{\"family\":\"Chalmers\"}]}", "{\"resourceType\":42}", "{\"resourceType\":{}}",
            "{\"resourceType\":\"Patient\"} {}",
            "{\"resourceType\":\"Patient\",\"gender\":\"male\",\"gender\":\"female\"}",
            "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"A\",\"family\":\"B\"}]}"})
    void answersAStructureFatalForABodyThatIsNotAResource(String body) {
        FhirValidation validation = validator.validate(body.getBytes(UTF_8));

        assertThat(validation.resourceType()).isEmpty();
        assertThat(validation.isValid()).isFalse();
        assertThat(validation.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo("fatal");
            assertThat(issue.code()).isEqualTo("structure");
            assertThat(issue.expression()).isEmpty();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"Foo", "Resource", "DomainResource", "patient", "SubscriptionTopic"})
    void answersAnInvalidFatalForAResourceTypeR4DoesNotHaveWithoutQuotingIt(String resourceType) {
        FhirValidation validation = validator.validate(json("{\"resourceType\":\"" + resourceType + "\"}"));

        assertThat(validation.resourceType()).isEmpty();
        assertThat(validation.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo("fatal");
            assertThat(issue.code()).isEqualTo("invalid");
            assertThat(issue.diagnostics()).doesNotContain(resourceType);
        });
    }

    @Test
    void answersAStructureFatalForABodyThatIsNotUtf8() {
        byte[] latin1 = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Müller\"}]}"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        FhirValidation validation = validator.validate(latin1);

        assertThat(validation.resourceType()).isEmpty();
        assertThat(validation.issues()).singleElement().extracting(FhirIssue::severity, FhirIssue::code)
                .containsExactly("fatal", "structure");
    }

    @Test
    void answersAStructureFatalForJsonNestedDeeperThanAnyResource() {
        int depth = FhirJsonPreflight.MAX_NESTING_DEPTH + 1;
        String body = "{\"resourceType\":\"Patient\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";

        FhirValidation validation = validator.validate(json(body));

        assertThat(validation.issues()).singleElement().extracting(FhirIssue::severity, FhirIssue::code)
                .containsExactly("fatal", "structure");
    }

    @Test
    void answersAFatalRatherThanThrowingWhereHapiItselfThrows() {
        // HAPI's validator reads meta as a JSON object before validating, and throws when it is not one.
        FhirValidation validation = validator.validate(json("{\"resourceType\":\"Patient\",\"meta\":\"x\"}"));

        assertThat(validation.resourceType()).contains("Patient");
        assertThat(validation.isValid()).isFalse();
        assertThat(validation.issues()).anySatisfy(issue -> assertThat(issue.severity()).isEqualTo("fatal"));
    }

    // --- the OperationOutcome format, checked by HAPI's own parser ----------------------------------------------

    @Test
    void operationOutcomeOfAnInvalidResourceIsOneHapiParsesStrictlyAndValidates() throws IOException {
        FhirValidation invalid = validator.validate(json("""
                {"resourceType":"Observation","status":"bogus","code":{"text":"Heart rate"}}"""));
        String outcomeJson = new ObjectMapper().writeValueAsString(OperationOutcomes.of(invalid.issues()));

        OperationOutcome parsed = FhirContext.forR4Cached().newJsonParser()
                .setParserErrorHandler(new StrictErrorHandler())
                .parseResource(OperationOutcome.class, outcomeJson);

        assertThat(parsed.getIssue()).hasSameSizeAs(invalid.issues());
        for (int i = 0; i < invalid.issues().size(); i++) {
            FhirIssue expected = invalid.issues().get(i);
            OperationOutcome.OperationOutcomeIssueComponent actual = parsed.getIssue().get(i);
            assertThat(actual.getSeverity().toCode()).isEqualTo(expected.severity());
            assertThat(actual.getCode().toCode()).isEqualTo(expected.code());
            assertThat(actual.getDiagnostics()).isEqualTo(expected.diagnostics());
            assertThat(actual.getExpression()).extracting(Object::toString).isEqualTo(expected.expression());
        }
        FhirValidation outcomeValidation = validator.validate(outcomeJson.getBytes(UTF_8));
        assertThat(outcomeValidation.isValid()).as("issues: %s", outcomeValidation.issues()).isTrue();
    }

    // --- thread safety ---------------------------------------------------------------------------------------------

    @Test
    void givesTheSameAnswersFromManyThreadsAtOnce() throws Exception {
        List<byte[]> bodies = List.of(sample("patient-valid.json"), sample("observation-valid.json"),
                json("{\"resourceType\":\"Observation\",\"status\":\"bogus\",\"code\":{\"text\":\"x\"}}"),
                json("{\"resourceType\":\"Patient\",\"birthDate\":\"yesterday\"}"));
        List<FhirValidation> sequential = bodies.stream().map(validator::validate).toList();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<FhirValidation>> concurrent = IntStream.range(0, 32)
                    .mapToObj(i -> pool.submit(() -> validator.validate(bodies.get(i % bodies.size()))))
                    .toList();
            for (int i = 0; i < concurrent.size(); i++) {
                assertThat(concurrent.get(i).get()).isEqualTo(sequential.get(i % bodies.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static List<FhirIssue> errors(FhirValidation validation) {
        return validation.issues().stream().filter(FhirIssue::isError).toList();
    }

    private static byte[] json(String text) {
        return text.getBytes(UTF_8);
    }

    static byte[] sample(String name) {
        try (InputStream in = HapiFhirValidatorTest.class.getResourceAsStream("/fhir/" + name)) {
            return Optional.ofNullable(in).orElseThrow(() -> new IllegalArgumentException("no sample " + name))
                    .readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
