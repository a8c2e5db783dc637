package io.healthkey.backend.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a fault suite's tests the {@link FaultStack} on the shared {@link LocalStack} as a parameter. It is opened
 * (its relayer funded and authorised) once per test JVM, after the {@link LocalStackExtension} has started the
 * stack, and closed with it when the whole test plan ends.
 */
public final class FaultStackExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        new LocalStackExtension().beforeAll(context);
        shared(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FaultStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context);
    }

    private static FaultStack shared(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(FaultStack.class, key -> FaultStack.open(), FaultStack.class);
    }
}
