package io.healthkey.backend.domain.fhir;

import java.util.List;
import java.util.Objects;

/**
 * One {@code OperationOutcome.issue} of a validation.
 *
 * @param severity {@code fatal}, {@code error}, {@code warning} or {@code information}
 * @param code the FHIR issue type code, e.g. {@code structure}, {@code required}, {@code code-invalid}
 * @param diagnostics what is wrong, for people; never echoes field values of the resource
 * @param expression FHIRPath locations of the problem, e.g. {@code Observation.status}
 */
public record FhirIssue(String severity, String code, String diagnostics, List<String> expression) {

    public FhirIssue {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(diagnostics, "diagnostics");
        expression = List.copyOf(expression);
    }

    /** Whether this issue makes the resource unacceptable. */
    public boolean isError() {
        return "error".equals(severity) || "fatal".equals(severity);
    }
}
