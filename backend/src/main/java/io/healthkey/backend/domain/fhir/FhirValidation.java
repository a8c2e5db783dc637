package io.healthkey.backend.domain.fhir;

import java.util.List;
import java.util.Optional;

/**
 * The result of validating a FHIR R4 JSON resource.
 *
 * @param resourceType the parsed {@code resourceType}, empty when the body did not parse as a resource
 * @param issues every issue found, errors and warnings alike
 */
public record FhirValidation(Optional<String> resourceType, List<FhirIssue> issues) {

    public FhirValidation {
        issues = List.copyOf(issues);
    }

    /** Whether the resource parsed and has no error or fatal issue. */
    public boolean isValid() {
        return resourceType.isPresent() && issues.stream().noneMatch(FhirIssue::isError);
    }
}
