package io.healthkey.backend.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the {@link LocalStack} before the first suite that uses it and stops it when the whole test
 * plan ends (the root context's store closes its resources last).
 */
public final class LocalStackExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(LocalStack.class, key -> {
                    LocalStack.shared();
                    return (AutoCloseable) LocalStack::stopShared;
                });
    }
}
