package io.healthkey.backend.adapter.outbound.fhir;

import java.util.function.Consumer;

import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;

/**
 * HAPI's FHIR validator for an R4 context, from what ships in HAPI's jars only: the R4 core definitions, value sets
 * and code systems (parsed when first needed, a bounded number kept: {@link OnDemandR4Definitions}), plus UCUM
 * units, BCP-47 languages, MIME types, ISO countries and currencies. No terminology server, no package downloads:
 * it works offline, and a request never waits on a network.
 *
 * <p>Policy: codes of code systems it does not hold (LOINC, SNOMED CT) get a warning that they were not checked,
 * also where a value set selects them with a filter ({@link HeldCodeSystemsTerminology});
 * a {@code meta.profile} it cannot resolve gets a warning, and the resource is checked against the base definitions;
 * extensions it does not know are allowed; best-practice recommendations (dom-6 "should have narrative",
 * "observations should have a performer") are not reported, as the patient who holds a record cannot act on them.
 */
final class OfflineR4Validator {

    /**
     * XML size of the R4 definitions kept parsed (with their R5 conversions): room for the definitions of the types
     * a clinic sends and their value sets, while bounding the heap the parsed definitions hold (sizes and heap per
     * byte of XML: benchmarks/README.md, "FHIR validation").
     */
    private static final long PARSED_DEFINITIONS_XML_BYTES = 4_000_000;

    private OfflineR4Validator() {
    }

    static FhirValidator create(FhirContext context) {
        return create(context, PARSED_DEFINITIONS_XML_BYTES);
    }

    /** As {@link #create(FhirContext)}, keeping parsed definitions up to the given XML size. */
    static FhirValidator create(FhirContext context, long parsedDefinitionsXmlBytes) {
        OnDemandR4Definitions definitions = new OnDemandR4Definitions(context,
                () -> CompressedR4Definitions.read(CompressedR4Definitions.STRUCTURE_BUNDLES),
                () -> CompressedR4Definitions.read(CompressedR4Definitions.TERMINOLOGY_BUNDLES),
                parsedDefinitionsXmlBytes);
        ValidationSupportChain support = new BoundedDefinitionsChain(definitions, terminologyModules(context));
        return create(context, support, new OnDemandWorkerContext(support, definitions), definitions::pinnedDuring);
    }

    /** What answers for code systems and value sets, after the definitions themselves. */
    static IValidationSupport[] terminologyModules(FhirContext context) {
        UnknownCodeSystemWarningValidationSupport unknownCodeSystems =
                new UnknownCodeSystemWarningValidationSupport(context);
        unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
        return new IValidationSupport[] {
            new CommonCodeSystemsTerminologyService(context),
            new HeldCodeSystemsTerminology(context),
            new SnapshotGeneratingValidationSupport(context),
            unknownCodeSystems};
    }

    /**
     * A validator with this class's policy on the given support, the worker context the validator sees it by, and
     * what each validation runs in (see {@link IssueTypedInstanceValidator}).
     */
    static FhirValidator create(FhirContext context, IValidationSupport support,
                                WorkerContextValidationSupportAdapter workerContext, Consumer<Runnable> scope) {
        IssueTypedInstanceValidator instanceValidator = new IssueTypedInstanceValidator(support, scope);
        // HAPI would create this on first use, unsynchronized: create it here, before any request thread sees it.
        instanceValidator.setWrappedWorkerContext(support, workerContext);
        instanceValidator.setErrorForUnknownProfiles(false);
        instanceValidator.setAnyExtensionsAllowed(true);
        instanceValidator.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);

        FhirValidator validator = context.newValidator();
        validator.setValidateAgainstStandardSchema(false);
        validator.setValidateAgainstStandardSchematron(false);
        validator.registerValidatorModule(instanceValidator);
        return validator;
    }
}
