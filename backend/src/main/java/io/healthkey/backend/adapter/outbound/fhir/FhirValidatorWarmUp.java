package io.healthkey.backend.adapter.outbound.fhir;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Once the application is ready, has the validator index HAPI's R4 definitions on a background thread (seconds of
 * CPU), so the first request that validates a resource does not pay for it. Startup does not wait for it; a request
 * that validates before it ends is as slow as it would have been without it.
 *
 * <p>What stays in the heap is the definitions deflated, their index and the few parsed so far. A
 * backend that takes no plaintext FHIR (client-side encrypted records only) sets {@code healthkey.fhir.warm-up=false}
 * and never loads them.
 */
@Component
@ConditionalOnProperty(name = "healthkey.fhir.warm-up", havingValue = "true", matchIfMissing = true)
class FhirValidatorWarmUp {

    private static final Logger log = LoggerFactory.getLogger(FhirValidatorWarmUp.class);

    private final HapiFhirValidator validator;

    FhirValidatorWarmUp(HapiFhirValidator validator) {
        this.validator = validator;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warmUpInBackground() {
        Thread thread = new Thread(this::warmUp, "fhir-validator-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private void warmUp() {
        try {
            Duration took = validator.warmUp();
            log.info("FHIR validator warmed up in {} ms", took.toMillis());
        } catch (RuntimeException e) {
            log.warn("FHIR validator warm-up failed with {}", e.getClass().getName());
        }
    }
}
