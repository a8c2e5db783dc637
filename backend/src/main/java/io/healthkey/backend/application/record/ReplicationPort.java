package io.healthkey.backend.application.record;

import io.healthkey.protocol.content.Cid;

/**
 * Asks the further replica locations (pinning services) to copy newly stored ciphertext. Guarantees: returns at
 * once, never fails and never delays the upload; a request it cannot make now (a service down, slow, or too many
 * requests in flight) is not kept: the availability audit finds the copy missing and makes it.
 */
public interface ReplicationPort {

    /** Starts copying {@code cid} to every further location, in the background. */
    void replicate(Cid cid);

    /** No further locations. */
    ReplicationPort NONE = cid -> { };
}
