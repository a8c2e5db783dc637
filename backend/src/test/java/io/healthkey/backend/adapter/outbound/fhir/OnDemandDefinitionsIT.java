package io.healthkey.backend.adapter.outbound.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DomainResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;

import io.healthkey.backend.domain.fhir.FhirIssue;
import io.healthkey.backend.domain.fhir.FhirValidation;

/**
 * The validator on definitions parsed on demand answers as HAPI's own setup, which parses all of them at once
 * ({@code DefaultProfileValidationSupport} and HAPI's worker context adapter, with the same policy): the same
 * issues, in the same order, for 35 resources of 23 types, valid and invalid, in bundles (collection, transaction,
 * document) and with a core profile ({@code bp}).
 *
 * <p>A conformance check against an independent setup, like the interop ITs, and as costly as HAPI's full setup
 * (it parses every definition, twice): it runs with the ITs, so that the unit suite stays fast.
 */
class OnDemandDefinitionsIT {

    private static final FhirContext CONTEXT = FhirContext.forR4();
    /** HAPI's setup: every R4 definition parsed, converted to R5 and kept. */
    private static final HapiFhirValidator HAPI_DEFAULT = new HapiFhirValidator(CONTEXT, hapiDefault(CONTEXT));
    /** Parsed definitions kept up to zero bytes of XML: every definition parsed again each time it is fetched. */
    private static final HapiFhirValidator NOTHING_KEPT =
            new HapiFhirValidator(FhirContext.forR4(), OfflineR4Validator.create(FhirContext.forR4(), 0));

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void givesTheIssuesHapisDefaultSetupGives(String name, byte[] resource) {
        FhirValidation expected = HAPI_DEFAULT.validate(resource);

        assertThat(SharedHapiFhirValidator.INSTANCE.validate(resource)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void givesTheSameIssuesWhenItKeepsNoParsedDefinition(String name, byte[] resource) {
        assertThat(NOTHING_KEPT.validate(resource)).isEqualTo(HAPI_DEFAULT.validate(resource));
    }

    @Test
    void corpusHoldsValidAndInvalidResources() {
        List<FhirValidation> validations = corpus()
                .map(arguments -> HAPI_DEFAULT.validate((byte[]) arguments[1]))
                .toList();

        assertThat(validations).filteredOn(FhirValidation::isValid).hasSizeGreaterThan(10);
        assertThat(validations).filteredOn(validation -> !validation.isValid()).hasSizeGreaterThan(10)
                .allSatisfy(validation -> assertThat(validation.issues()).anyMatch(FhirIssue::isError));
    }

    @Test
    void keepsParsedDefinitionsWithinItsBound() {
        long bound = 1_000_000;
        OnDemandR4Definitions definitions = new OnDemandR4Definitions(CONTEXT,
                () -> CompressedR4Definitions.read(CompressedR4Definitions.STRUCTURE_BUNDLES),
                () -> CompressedR4Definitions.read(CompressedR4Definitions.TERMINOLOGY_BUNDLES), bound);
        List<String> urls = definitions.structureDefinitionEntries().stream()
                .map(CompressedR4Definitions.Entry::url)
                .toList();

        for (String url : urls) {
            assertThat(definitions.fetchStructureDefinition(url)).as(url).isNotNull();
            assertThat(definitions.cachedXmlBytes()).as("after %s", url).isLessThanOrEqualTo(bound);
        }
        assertThat(urls).hasSizeGreaterThan(600);
        assertThat(definitions.cachedCount()).isBetween(1, urls.size() / 10);
    }

    @Test
    void findsWhatHapisDefaultSupportFinds() {
        OnDemandR4Definitions definitions = new OnDemandR4Definitions(CONTEXT,
                () -> CompressedR4Definitions.read(CompressedR4Definitions.STRUCTURE_BUNDLES),
                () -> CompressedR4Definitions.read(CompressedR4Definitions.TERMINOLOGY_BUNDLES), 1_000_000);
        DefaultProfileValidationSupport hapi = new DefaultProfileValidationSupport(CONTEXT);
        List<String> structures = List.of("Patient", "http://hl7.org/fhir/StructureDefinition/vitalsigns",
                "StructureDefinition/Observation", "http://hl7.org/fhir/StructureDefinition/String",
                "http://hl7.org/fhir/StructureDefinition/data-absent-reason", "http://example.org/nothing");
        List<String> valueSets = List.of("http://hl7.org/fhir/ValueSet/observation-status",
                "http://hl7.org/fhir/ValueSet/observation-status|4.0.1", "http://hl7.org/fhir/ValueSet/languages",
                "http://terminology.hl7.org/ValueSet/v3-ActEncounterCode", "http://example.org/nothing");
        List<String> codeSystems = List.of("http://hl7.org/fhir/observation-status",
                "http://terminology.hl7.org/CodeSystem/v3-ActCode", "http://terminology.hl7.org/CodeSystem/v2-0074",
                "http://terminology.hl7.org/CodeSystem/condition-clinical|4.0.1",
                "https://hapifhir.io/fhir/CodeSystem/hapi-fhir-storage-response-code", "http://loinc.org");

        for (String url : structures) {
            assertThat(xml(definitions.fetchStructureDefinition(url))).as(url)
                    .isEqualTo(xml(hapi.fetchStructureDefinition(url)));
        }
        for (String url : valueSets) {
            assertThat(xml(definitions.fetchValueSet(url))).as(url).isEqualTo(xml(hapi.fetchValueSet(url)));
        }
        for (String url : codeSystems) {
            assertThat(xml(definitions.fetchCodeSystem(url))).as(url).isEqualTo(xml(hapi.fetchCodeSystem(url)));
        }
    }

    @Test
    void readsEveryStructureDefinitionBackAsHapiParsesIt() {
        OnDemandR4Definitions definitions = new OnDemandR4Definitions(CONTEXT,
                () -> CompressedR4Definitions.read(CompressedR4Definitions.STRUCTURE_BUNDLES),
                () -> CompressedR4Definitions.read(CompressedR4Definitions.TERMINOLOGY_BUNDLES), 0);
        DefaultProfileValidationSupport hapi = new DefaultProfileValidationSupport(CONTEXT);
        List<String> urls = definitions.structureDefinitionEntries().stream()
                .map(CompressedR4Definitions.Entry::url)
                .sorted()
                .toList();

        assertThat(urls).hasSameSizeAs(hapi.fetchAllStructureDefinitions());
        for (String url : urls) {
            assertThat(xml(definitions.fetchStructureDefinition(url))).as(url)
                    .isEqualTo(xml(hapi.fetchStructureDefinition(url)));
        }
    }

    /** The resource as XML without its narrative, which the definitions on demand drop. */
    private static String xml(IBaseResource resource) {
        if (resource == null) {
            return null;
        }
        DomainResource copy = ((DomainResource) resource).copy();
        copy.setText(null);
        return CONTEXT.newXmlParser().encodeResourceToString(copy);
    }

    static Stream<Object[]> corpus() {
        try {
            Path folder = Path.of(Objects.requireNonNull(OnDemandDefinitionsIT.class.getResource("/fhir/corpus"))
                    .toURI());
            List<Object[]> resources = new ArrayList<>();
            for (String name : List.of("patient-valid.json", "observation-valid.json",
                    "bundle-collection-valid.json")) {
                resources.add(new Object[] {name, HapiFhirValidatorTest.sample(name)});
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.sorted().toList()) {
                    resources.add(new Object[] {file.getFileName().toString(), Files.readAllBytes(file)});
                }
            }
            return resources.stream();
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FhirValidator hapiDefault(FhirContext context) {
        List<IValidationSupport> modules = new ArrayList<>(List.of(OfflineR4Validator.terminologyModules(context)));
        modules.add(0, new DefaultProfileValidationSupport(context));
        ValidationSupportChain chain = new ValidationSupportChain(modules.toArray(IValidationSupport[]::new));
        return OfflineR4Validator.create(context, chain,
                WorkerContextValidationSupportAdapter.newVersionSpecificWorkerContextWrapper(chain), Runnable::run);
    }
}
