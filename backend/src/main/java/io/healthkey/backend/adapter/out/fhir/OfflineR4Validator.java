package io.healthkey.backend.adapter.out.fhir;

import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;

/**
 * HAPI's FHIR validator for one context, from what ships in HAPI's jars only: the core definitions, value sets and
 * code systems of the context's FHIR version, plus UCUM units, BCP-47 languages, MIME types, ISO countries and
 * currencies. No terminology server, no package downloads: it works offline, and a request never waits on a network.
 *
 * <p>Policy: codes of code systems it does not hold (LOINC, SNOMED CT) get a warning that they were not checked;
 * a {@code meta.profile} it cannot resolve gets a warning, and the resource is checked against the base definitions;
 * extensions it does not know are allowed; best-practice recommendations (dom-6 "should have narrative",
 * "observations should have a performer") are not reported, as the patient who holds a record cannot act on them.
 */
final class OfflineR4Validator {

    private OfflineR4Validator() {
    }

    static FhirValidator create(FhirContext context) {
        UnknownCodeSystemWarningValidationSupport unknownCodeSystems = new UnknownCodeSystemWarningValidationSupport(context);
        unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
        ValidationSupportChain support = new ValidationSupportChain(
                new DefaultProfileValidationSupport(context),
                new CommonCodeSystemsTerminologyService(context),
                new InMemoryTerminologyServerValidationSupport(context),
                new SnapshotGeneratingValidationSupport(context),
                unknownCodeSystems);

        IssueTypedInstanceValidator instanceValidator = new IssueTypedInstanceValidator(support);
        // HAPI would create this on first use, unsynchronized: create it here, before any request thread sees it.
        instanceValidator.setWrappedWorkerContext(support,
                WorkerContextValidationSupportAdapter.newVersionSpecificWorkerContextWrapper(support));
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
