package io.healthkey.backend.application.outbox;

import io.healthkey.backend.domain.chain.SendStep;

/** Told by the outbox sender each time it passes a {@link SendStep}; in production it does nothing. */
@FunctionalInterface
public interface CrashPointPort {

    CrashPointPort NONE = step -> { };

    void reached(SendStep step);
}
