package io.healthkey.backend.adapter.outbound.fhir;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;

import io.healthkey.backend.application.gateway.FhirValidationPort;
import io.healthkey.backend.domain.fhir.FhirIssue;
import io.healthkey.backend.domain.fhir.FhirValidation;

/**
 * {@link FhirValidationPort} on HAPI FHIR's instance validator and the R4 core definitions, offline (see
 * {@link OfflineR4Validator} for what warns rather than fails). Thread-safe: one instance serves every request.
 *
 * <p>Errors: what the R4 base definitions forbid, such as a missing required element (an Observation without
 * {@code status}), a code outside a required binding ({@code status: "bogus"}), an element R4 does not define, a
 * value of the wrong type ({@code birthDate: "yesterday"}) or a broken invariant. A body that is not a JSON object
 * naming an R4 resource type gives one {@code fatal} issue and no resource type ({@link FhirJsonPreflight}).
 *
 * <p>Guarantees: never throws for any body; never logs the resource nor a value of it (HAPI's own loggers must be
 * quieted too: see {@code logging.level} in application.yml); diagnostics do not quote the resource's values,
 * within the limits {@link ValueRedaction} states.
 *
 * <p>Costs (figures in benchmarks/README.md, "FHIR validation"): the first validation is slow, as it indexes HAPI's
 * R4 definitions ({@link FhirValidatorWarmUp} does it at startup); later ones cost about the same for a small
 * Observation, Patient or two-entry Bundle alike, a little more the first time a resource type is seen, as its
 * definition is parsed. That floor is HAPI's: it builds a new core InstanceValidator per validation, and each one
 * parses an OID table from the classpath. The live heap grows with the resource types seen, bounded by what
 * {@link OfflineR4Validator} keeps parsed; HAPI's default setup holds several times more.
 */
@Component
public final class HapiFhirValidator implements FhirValidationPort {

    private static final Logger log = LoggerFactory.getLogger(HapiFhirValidator.class);
    private static final Pattern HAPI_CODE = Pattern.compile("^(HAPI-\\d+):");
    private static final byte[] WARM_UP_PATIENT = """
            {"resourceType":"Patient","name":[{"family":"Warm-up"}],"birthDate":"2000-01-01"}"""
            .getBytes(StandardCharsets.UTF_8);

    private final FhirValidator validator;
    private final FhirJsonPreflight preflight;

    public HapiFhirValidator() {
        long start = System.nanoTime();
        FhirContext context = FhirContext.forR4();
        this.validator = OfflineR4Validator.create(context);
        this.preflight = new FhirJsonPreflight(context.getResourceTypes());
        log.info("FHIR R4 validator created in {} ms", Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    /** This port on another HAPI validator of an R4 context (the test comparing with HAPI's default support). */
    HapiFhirValidator(FhirContext context, FhirValidator validator) {
        this.validator = validator;
        this.preflight = new FhirJsonPreflight(context.getResourceTypes());
    }

    @Override
    public FhirValidation validate(byte[] json) {
        FhirJsonPreflight.Outcome outcome = preflight.check(json);
        if (outcome instanceof FhirJsonPreflight.Passed resource) {
            return validate(resource);
        }
        return new FhirValidation(Optional.empty(), List.of(((FhirJsonPreflight.Refused) outcome).issue()));
    }

    /** Validates a small Patient, so that HAPI loads the R4 definitions now rather than on a request. */
    Duration warmUp() {
        long start = System.nanoTime();
        FhirValidation validation = validate(WARM_UP_PATIENT);
        if (!validation.isValid()) {
            log.warn("FHIR validator warm-up: the warm-up Patient did not validate: {}", validation.issues());
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private FhirValidation validate(FhirJsonPreflight.Passed resource) {
        List<SingleValidationMessage> messages;
        try {
            messages = validator.validateWithResult(resource.text()).getMessages();
        } catch (RuntimeException e) {
            // HAPI throws on some shapes it does not expect (meta that is not an object, say). Its messages may
            // quote the resource: log the type and HAPI's stable code only.
            log.warn("FHIR validation of a {} threw {} ({})", resource.resourceType(), e.getClass().getName(),
                    hapiCode(e));
            return new FhirValidation(Optional.of(resource.resourceType()), List.of(new FhirIssue("fatal",
                    "exception", "The validator could not process this resource", List.of())));
        }
        return new FhirValidation(Optional.of(resource.resourceType()), messages.stream()
                .map(message -> ValidationMessageMapping.toIssue(message, resource.redaction()))
                .toList());
    }

    private static String hapiCode(RuntimeException e) {
        Matcher code = HAPI_CODE.matcher(String.valueOf(e.getMessage()));
        return code.find() ? code.group(1) : "no HAPI code";
    }
}
