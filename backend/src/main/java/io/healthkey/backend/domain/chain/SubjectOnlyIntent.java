package io.healthkey.backend.domain.chain;

/**
 * Nothing beyond the request's kind and subject: what anchors (the subject is the record id) and key publications
 * (the account) carry, and what grants and revocations accepted before the outbox stored their terms (migration V4)
 * read back as. A receipt root always names its batch, a nonce cancellation its nonces.
 */
public record SubjectOnlyIntent() implements Intent {

    public static final SubjectOnlyIntent INSTANCE = new SubjectOnlyIntent();

    @Override
    public boolean suits(RelayKind kind) {
        return kind != RelayKind.AUDIT_ROOT && kind != RelayKind.NONCE_CANCELLATION
                && kind != RelayKind.CAREGIVER_APPOINTMENT && kind != RelayKind.CAREGIVER_REVOCATION;
    }
}
