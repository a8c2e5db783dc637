package io.healthkey.backend.application.availability;

/**
 * What one replica location says about one CID. Only {@link #PINNED} counts as a copy, and only once its blocks were
 * also found hash-correct there when sampled; {@link #UNREACHABLE} means the location did not answer, which says
 * nothing about the data and is never counted as missing.
 */
public enum PinState {
    /** Held and kept from garbage collection. */
    PINNED,
    /** The location is fetching the blocks. */
    PINNING,
    /** The location accepted the request and has not started it. */
    QUEUED,
    /** The location gave up fetching the blocks. */
    FAILED,
    /** The location holds no pin for it, or its blocks were not there or not hash-correct. */
    MISSING,
    /** The location did not answer in time, or refused the call (down, slow, misconfigured token). */
    UNREACHABLE;

    /** Whether the location has the data in hand ({@link #PINNED}). */
    public boolean holdsCopy() {
        return this == PINNED;
    }

    /** Whether the location answered that it does not have the data and is not getting it: a repair is due. */
    public boolean needsRepair() {
        return this == MISSING || this == FAILED;
    }
}
