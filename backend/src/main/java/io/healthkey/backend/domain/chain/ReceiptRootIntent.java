package io.healthkey.backend.domain.chain;

/** A read-receipt root to publish ({@code AUDIT_ROOT}): the number of the batch it closes. */
public record ReceiptRootIntent(long batch) implements Intent {

    public ReceiptRootIntent {
        if (batch < 1) {
            throw new IllegalArgumentException("receipt batches are numbered from 1, not " + batch);
        }
    }

    @Override
    public boolean suits(RelayKind kind) {
        return kind == RelayKind.AUDIT_ROOT;
    }
}
