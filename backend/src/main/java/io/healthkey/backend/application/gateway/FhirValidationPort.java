package io.healthkey.backend.application.gateway;

import io.healthkey.backend.domain.fhir.FhirValidation;

/**
 * Validates FHIR R4 JSON against the base specification (structure, cardinality, required bindings). Blocking and
 * CPU-bound: callers run it off the event loop. Never logs the resource.
 */
public interface FhirValidationPort {

    /** Parses and validates {@code json}; a body that is not a FHIR resource gives a fatal issue, not an exception. */
    FhirValidation validate(byte[] json);
}
