package io.healthkey.backend.adapter.outbound.fhir;

import java.util.List;
import java.util.regex.Pattern;

import ca.uhn.fhir.validation.SingleValidationMessage;

import io.healthkey.backend.domain.fhir.FhirIssue;

/**
 * HAPI validation messages as {@link FhirIssue}s: the lower-case FHIR severity (a message without one counts as an
 * error: unknown is not acceptable); the validator's issue type, else {@code processing}; the location as a FHIRPath
 * expression without the comments HAPI puts in it (they quote the type and id of each resource in a Bundle); the
 * message without the resource's values.
 */
final class ValidationMessageMapping {

    private static final Pattern FHIRPATH_COMMENT = Pattern.compile("/\\*.*?\\*/");

    private ValidationMessageMapping() {
    }

    static FhirIssue toIssue(SingleValidationMessage message, ValueRedaction redaction) {
        String severity = message.getSeverity() == null ? "error" : message.getSeverity().getCode();
        String code = message instanceof IssueTypedInstanceValidator.Typed typed
                ? typed.issueType().orElse("processing")
                : "processing";
        String diagnostics = message.getMessage() == null
                ? "The validator gave no message"
                : redaction.apply(message.getMessage());
        return new FhirIssue(severity, code, diagnostics, expression(message.getLocationString()));
    }

    private static List<String> expression(String location) {
        if (location == null) {
            return List.of();
        }
        String path = FHIRPATH_COMMENT.matcher(location).replaceAll("").strip();
        return path.isEmpty() ? List.of() : List.of(path);
    }
}
