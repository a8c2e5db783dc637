package io.healthkey.backend.application.availability;

/** The sampled check of a location's blocks: every block of the DAG fetched from there and checked by its hash. */
public enum ContentCheck {
    /** Every block came back and matched its CID. */
    INTACT,
    /** A block was absent, or did not match its CID (never served then). */
    MISSING,
    /** The location did not answer in time. */
    UNREACHABLE,
    /** The location offers no way to fetch its blocks (a pinning service without a retrieval gateway). */
    NOT_CHECKED
}
