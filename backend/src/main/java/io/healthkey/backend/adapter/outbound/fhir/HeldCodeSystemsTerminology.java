package io.healthkey.backend.adapter.outbound.fhir;

import java.util.stream.Stream;

import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ValueSet;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.ValidationSupportContext;

/**
 * HAPI's in-memory terminology, except for a value set that selects codes with a filter on a code system the chain
 * does not hold. Such a value set is LOINC's document types ({@code http://hl7.org/fhir/ValueSet/doc-typecodes},
 * {@code SCALE_TYP = Doc}), the preferred binding of {@code Composition.type}: HAPI 8.8 would evaluate the filter
 * against the absent code system and report its own {@code NullPointerException} as the code's issue (a warning
 * that names no real problem). For such a value set this module answers nothing, and the rest of the chain says
 * what is true: the code system is unknown here, so the code was not checked
 * ({@code UnknownCodeSystemWarningValidationSupport}, as for any other LOINC code).
 */
final class HeldCodeSystemsTerminology extends InMemoryTerminologyServerValidationSupport {

    HeldCodeSystemsTerminology(FhirContext context) {
        super(context);
    }

    @Override
    public CodeValidationResult validateCodeInValueSet(ValidationSupportContext context,
                                                       ConceptValidationOptions options, String system, String code,
                                                       String display, IBaseResource valueSet) {
        return filtersAnAbsentCodeSystem(context, valueSet)
                ? null
                : super.validateCodeInValueSet(context, options, system, code, display, valueSet);
    }

    @Override
    public CodeValidationResult validateCode(ValidationSupportContext context, ConceptValidationOptions options,
                                             String system, String code, String display, String valueSetUrl) {
        if (valueSetUrl != null
                && filtersAnAbsentCodeSystem(context, context.getRootValidationSupport().fetchValueSet(valueSetUrl))) {
            return null;
        }
        return super.validateCode(context, options, system, code, display, valueSetUrl);
    }

    /** Whether {@code valueSet} includes or excludes codes by a filter on a code system no module holds. */
    private static boolean filtersAnAbsentCodeSystem(ValidationSupportContext context, IBaseResource valueSet) {
        if (!(valueSet instanceof ValueSet r4)) {
            return false;
        }
        return Stream.concat(r4.getCompose().getInclude().stream(), r4.getCompose().getExclude().stream())
                .filter(part -> part.hasFilter() && part.hasSystem())
                .anyMatch(part -> context.getRootValidationSupport().fetchCodeSystem(part.getSystem()) == null);
    }
}
