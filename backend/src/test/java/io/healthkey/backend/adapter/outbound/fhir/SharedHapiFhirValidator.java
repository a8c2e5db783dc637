package io.healthkey.backend.adapter.outbound.fhir;

/** One validator for every test in the JVM: each new one loads the R4 definitions again (seconds of CPU). */
public final class SharedHapiFhirValidator {

    public static final HapiFhirValidator INSTANCE = new HapiFhirValidator();

    private SharedHapiFhirValidator() {
    }
}
