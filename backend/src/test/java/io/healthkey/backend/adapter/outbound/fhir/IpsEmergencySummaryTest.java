package io.healthkey.backend.adapter.outbound.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ca.uhn.fhir.context.FhirContext;

import io.healthkey.backend.domain.fhir.FhirIssue;
import io.healthkey.backend.domain.fhir.FhirValidation;

/**
 * The emergency summary EmergencyRoomIT encrypts, {@code fhir/ips-emergency-summary.json}: an International Patient
 * Summary document that the project's HAPI validator accepts against the R4 base definitions, and that the same
 * validator refuses once a part a document needs is broken. The IPS profile itself is not available offline, so the
 * IPS-specific shape (LOINC codes of the document and its sections, blood group, contacts) is checked here directly.
 */
class IpsEmergencySummaryTest {

    static final String FIXTURE = "ips-emergency-summary.json";

    private static final HapiFhirValidator validator = SharedHapiFhirValidator.INSTANCE;
    private static final ObjectMapper json = new ObjectMapper();
    private static final String LOINC = "http://loinc.org";

    @Test
    void hapiAcceptsTheSummaryWithoutAnError() {
        FhirValidation validation = validator.validate(HapiFhirValidatorTest.sample(FIXTURE));

        assertThat(validation.resourceType()).contains("Bundle");
        assertThat(validation.isValid()).as("issues: %s", validation.issues()).isTrue();
        assertThat(validation.issues()).noneMatch(FhirIssue::isError);
    }

    /**
     * {@code Composition.type} is bound (preferred) to LOINC's document types, a value set defined by a filter on
     * LOINC, which is not available offline: the outcome says that the code was not checked, not HAPI's internal
     * failure to evaluate the filter ("Cannot invoke CodeSystem.getConcept() because this.codeSystem is null").
     */
    @Test
    void theDocumentTypeIsReportedAsNotCheckedAgainstLoincRatherThanAsAnInternalFailure() {
        FhirValidation validation = validator.validate(HapiFhirValidatorTest.sample(FIXTURE));

        assertThat(validation.issues()).as("issues: %s", validation.issues())
                .noneMatch(issue -> issue.diagnostics().contains("Cannot invoke"))
                .filteredOn(issue -> issue.expression().contains("Bundle.entry[0].resource.type"))
                .isNotEmpty()
                .allSatisfy(issue -> {
                    assertThat(issue.isError()).isFalse();
                    assertThat(issue.diagnostics()).doesNotContain("60591-5");
                })
                .anySatisfy(issue -> assertThat(issue.diagnostics()).contains("CodeSystem is unknown", LOINC));
    }

    @Test
    void isAPatientSummaryDocumentWhoseSectionsReferenceItsEntries() {
        Bundle bundle = FhirContext.forR4Cached().newJsonParser()
                .parseResource(Bundle.class,
                        new String(HapiFhirValidatorTest.sample(FIXTURE), StandardCharsets.UTF_8));

        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.DOCUMENT);
        assertThat(bundle.getIdentifier().getValue()).startsWith("urn:uuid:");
        assertThat(bundle.getTimestamp()).isNotNull();
        assertThat(bundle.getEntry()).allSatisfy(entry -> assertThat(entry.getFullUrl()).startsWith("urn:uuid:"));
        Composition composition = (Composition) bundle.getEntryFirstRep().getResource();
        assertThat(composition.getStatus()).isEqualTo(Composition.CompositionStatus.FINAL);
        assertThat(composition.getType().hasCoding(LOINC, "60591-5")).isTrue();
        assertThat(composition.hasDate()).isTrue();
        assertThat(composition.getTitle()).isNotBlank();
        Patient patient = (Patient) resolve(bundle, composition.getSubject());
        assertThat(resolve(bundle, composition.getAuthorFirstRep())).isSameAs(patient);
        assertThat(patient.getContact()).isNotEmpty().allSatisfy(contact -> {
            assertThat(contact.hasName()).isTrue();
            assertThat(contact.hasTelecom()).isTrue();
        });

        assertThat(section(bundle, composition, "48765-2")).singleElement()
                .isInstanceOfSatisfying(AllergyIntolerance.class, allergy ->
                        assertThat(allergy.getCode().getText()).isEqualTo("Penicillin"));
        assertThat(section(bundle, composition, "10160-0")).singleElement().isInstanceOf(MedicationStatement.class);
        assertThat(section(bundle, composition, "11450-4")).singleElement().isInstanceOf(Condition.class);
        assertThat(bundle.getEntry()).map(Bundle.BundleEntryComponent::getResource)
                .filteredOn(Observation.class::isInstance).map(Observation.class::cast)
                .singleElement().satisfies(bloodGroup -> {
                    assertThat(bloodGroup.getCode().hasCoding(LOINC, "882-1")).isTrue();
                    assertThat(bloodGroup.getValueCodeableConcept().hasCoding()).isTrue();
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenDocuments")
    void hapiRefusesTheSummaryWithAPartOfTheDocumentBroken(Breakage breakage) {
        ObjectNode bundle = fixture();
        breakage.mutation().accept(bundle);

        FhirValidation validation = validator.validate(bytes(bundle));

        assertThat(validation.isValid()).as("issues: %s", validation.issues()).isFalse();
        assertThat(validation.issues()).filteredOn(FhirIssue::isError)
                .anySatisfy(issue -> assertThat(issue.diagnostics()).contains(breakage.refusedFor()));
    }

    /** A change to the fixture, and the rule (constraint key or element) HAPI must name in refusing it. */
    record Breakage(String change, Consumer<ObjectNode> mutation, String refusedFor) {
        @Override
        public String toString() {
            return change;
        }
    }

    static Stream<Breakage> brokenDocuments() {
        return Stream.of(
                new Breakage("the Composition removed", bundle -> entries(bundle).remove(0), "bdl-11"),
                new Breakage("a transaction rather than a document", bundle -> bundle.put("type", "transaction"),
                        "bdl-3"),
                new Breakage("no identifier", bundle -> bundle.remove("identifier"), "bdl-9"),
                new Breakage("no timestamp", bundle -> bundle.remove("timestamp"), "bdl-10"),
                new Breakage("a Composition without type", bundle -> resource(bundle, 0).remove("type"),
                        "Composition.type"),
                new Breakage("a Composition without author", bundle -> resource(bundle, 0).remove("author"),
                        "Composition.author"),
                new Breakage("a section with neither text nor entries", bundle -> ((ObjectNode) resource(bundle, 0)
                        .get("section").get(0)).remove(List.of("text", "entry")), "cmp-1"),
                new Breakage("an allergy without its patient", bundle -> resource(bundle, 2).remove("patient"),
                        "AllergyIntolerance.patient"),
                new Breakage("a blood group without status", bundle -> resource(bundle, 5).remove("status"),
                        "Observation.status"));
    }

    private static List<Resource> section(Bundle bundle, Composition composition, String loincCode) {
        return composition.getSection().stream().filter(section -> section.getCode().hasCoding(LOINC, loincCode))
                .flatMap(section -> section.getEntry().stream()).map(reference -> resolve(bundle, reference)).toList();
    }

    private static Resource resolve(Bundle bundle, Reference reference) {
        return bundle.getEntry().stream().filter(entry -> entry.getFullUrl().equals(reference.getReference()))
                .map(Bundle.BundleEntryComponent::getResource).findFirst()
                .orElseThrow(() -> new AssertionError("unresolved reference " + reference.getReference()));
    }

    private static ArrayNode entries(ObjectNode bundle) {
        return (ArrayNode) bundle.get("entry");
    }

    private static ObjectNode resource(ObjectNode bundle, int index) {
        return (ObjectNode) entries(bundle).get(index).get("resource");
    }

    private static ObjectNode fixture() {
        try {
            return (ObjectNode) json.readTree(HapiFhirValidatorTest.sample(FIXTURE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(ObjectNode bundle) {
        try {
            return json.writeValueAsBytes(bundle);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
