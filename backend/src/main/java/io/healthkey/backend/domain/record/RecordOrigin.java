package io.healthkey.backend.domain.record;

/** Who encrypted a record version. */
public enum RecordOrigin {
    /** The uploader's own client encrypted it; this service never saw the key. */
    CLIENT,
    /** The clinic gateway encrypted plaintext a clinic posted, wrapped the key and forgot it. */
    GATEWAY,
    /**
     * Rebuilt from its {@code RecordAnchored} event and its ciphertext after this service lost its database: who
     * encrypted it, and the plaintext's media type, are not known any more.
     */
    RECOVERED
}
