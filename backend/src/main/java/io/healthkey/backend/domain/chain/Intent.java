package io.healthkey.backend.domain.chain;

/**
 * What a chain request's side effects need once it is final (the consent change it makes, the keys to drop if it
 * fails, the receipt batch it publishes), stored with the request when it is accepted. One type per kind of
 * request; {@link #suits} says which.
 *
 * <p>Guarantees: an intent holds addresses, scopes, codes, times and ids only: never health data and never keys
 * (a grant's wrapped keys are stored with their records; its intent names the records only).
 */
public sealed interface Intent permits ConsentIntent, CaregiverIntent, NonceCancellationIntent, ReceiptRootIntent, SubjectOnlyIntent {

    /** Whether a request of {@code kind} may carry this intent. */
    boolean suits(RelayKind kind);
}
