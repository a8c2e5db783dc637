package io.healthkey.backend.domain.fhir;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** FHIR R4 {@code OperationOutcome} resources as plain maps and lists, ready to serialise as JSON. */
public final class OperationOutcomes {

    private OperationOutcomes() {
    }

    public static Map<String, Object> of(List<FhirIssue> issues) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("resourceType", "OperationOutcome");
        outcome.put("issue", issues.stream().map(OperationOutcomes::issue).toList());
        return outcome;
    }

    private static Map<String, Object> issue(FhirIssue issue) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("severity", issue.severity());
        entry.put("code", issue.code());
        entry.put("diagnostics", issue.diagnostics());
        if (!issue.expression().isEmpty()) {
            entry.put("expression", issue.expression());
        }
        return entry;
    }
}
