package io.healthkey.backend.domain.fhir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FHIR R4 {@code OperationOutcome} resources as plain maps and lists, for any JSON writer (a problem+json property,
 * say). Keys keep the order FHIR's JSON examples use: {@code resourceType} first.
 */
public final class OperationOutcomes {

    static final FhirIssue NO_ISSUES = new FhirIssue("information", "informational", "No issues found", List.of());

    private OperationOutcomes() {
    }

    /**
     * An OperationOutcome with one {@code issue} per element of {@code issues}, in order:
     * {@code {"resourceType":"OperationOutcome","issue":[{"severity","code","diagnostics","expression":[..]}]}};
     * {@code expression} is left out when empty. FHIR requires at least one issue: an empty list gives a single
     * {@code information} issue saying so.
     */
    public static Map<String, Object> of(List<FhirIssue> issues) {
        List<Object> entries = new ArrayList<>();
        for (FhirIssue issue : issues.isEmpty() ? List.of(NO_ISSUES) : issues) {
            entries.add(entry(issue));
        }
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("resourceType", "OperationOutcome");
        outcome.put("issue", Collections.unmodifiableList(entries));
        return Collections.unmodifiableMap(outcome);
    }

    private static Map<String, Object> entry(FhirIssue issue) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("severity", issue.severity());
        entry.put("code", issue.code());
        entry.put("diagnostics", issue.diagnostics());
        if (!issue.expression().isEmpty()) {
            entry.put("expression", issue.expression());
        }
        return Collections.unmodifiableMap(entry);
    }
}
