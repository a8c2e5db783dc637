package io.healthkey.backend.support.fakes;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.healthkey.backend.application.gateway.FhirValidationPort;
import io.healthkey.backend.domain.fhir.FhirIssue;
import io.healthkey.backend.domain.fhir.FhirValidation;

/**
 * A stand-in for the HAPI validator: a body naming a {@code resourceType} is a resource of that type, anything
 * else a fatal {@code structure} issue; the issues a test {@link #reports} come with every resource.
 */
public final class FakeFhirValidator implements FhirValidationPort {

    private static final Pattern RESOURCE_TYPE = Pattern.compile("\"resourceType\"\\s*:\\s*\"([A-Za-z]+)\"");

    private List<FhirIssue> issues = List.of();

    /** From now on, every resource validated has {@code found}. */
    public void reports(FhirIssue... found) {
        issues = List.of(found);
    }

    @Override
    public FhirValidation validate(byte[] json) {
        Matcher type = RESOURCE_TYPE.matcher(new String(json, StandardCharsets.UTF_8));
        if (!type.find()) {
            return new FhirValidation(Optional.empty(), List.of(new FhirIssue("fatal", "structure",
                    "not a FHIR resource: no resourceType", List.of())));
        }
        return new FhirValidation(Optional.of(type.group(1)), issues);
    }
}
