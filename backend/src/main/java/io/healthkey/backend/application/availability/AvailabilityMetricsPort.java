package io.healthkey.backend.application.availability;

/** What the availability audit counts, per location name. */
public interface AvailabilityMetricsPort {

    /** One version checked at {@code location}. */
    void checked(String location);

    /** One version found missing at {@code location} (absent, failed, or its blocks not hash-correct). */
    void missing(String location);

    /** One version copied to {@code location} again from a healthy copy. */
    void repaired(String location);
}
