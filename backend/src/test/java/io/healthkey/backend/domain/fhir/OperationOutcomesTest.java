package io.healthkey.backend.domain.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class OperationOutcomesTest {

    private static final FhirIssue MISSING_STATUS = new FhirIssue("error", "structure",
            "Observation.status: minimum required = 1, but only found 0", List.of("Observation"));
    private static final FhirIssue UNKNOWN_LOINC = new FhirIssue("warning", "not-found",
            "CodeSystem is unknown and can't be validated", List.of());

    @Test
    void isAnOperationOutcomeWithOneIssuePerFhirIssueInOrder() {
        Map<String, Object> outcome = OperationOutcomes.of(List.of(MISSING_STATUS, UNKNOWN_LOINC));

        assertThat(outcome).containsOnlyKeys("resourceType", "issue");
        assertThat(outcome.get("resourceType")).isEqualTo("OperationOutcome");
        assertThat(issues(outcome)).containsExactly(
                Map.of("severity", "error", "code", "structure",
                        "diagnostics", "Observation.status: minimum required = 1, but only found 0",
                        "expression", List.of("Observation")),
                Map.of("severity", "warning", "code", "not-found",
                        "diagnostics", "CodeSystem is unknown and can't be validated"));
    }

    @Test
    void leavesExpressionOutWhenThereIsNone() {
        Map<String, Object> issue = issues(OperationOutcomes.of(List.of(UNKNOWN_LOINC))).get(0);

        assertThat(issue).doesNotContainKey("expression");
    }

    @Test
    void keepsTheKeyOrderOfFhirJson() {
        Map<String, Object> outcome = OperationOutcomes.of(List.of(MISSING_STATUS));

        assertThat(outcome.keySet()).containsExactly("resourceType", "issue");
        assertThat(issues(outcome).get(0).keySet()).containsExactly("severity", "code", "diagnostics", "expression");
    }

    @Test
    void saysSoWithAnInformationIssueWhenThereAreNoIssues() {
        // OperationOutcome.issue is 1..*: an empty list would not be a valid resource.
        assertThat(issues(OperationOutcomes.of(List.of()))).containsExactly(
                Map.of("severity", "information", "code", "informational", "diagnostics", "No issues found"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> issues(Map<String, Object> outcome) {
        return (List<Map<String, Object>>) outcome.get("issue");
    }
}
