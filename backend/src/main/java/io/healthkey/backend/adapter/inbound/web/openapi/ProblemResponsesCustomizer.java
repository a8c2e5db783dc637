package io.healthkey.backend.adapter.inbound.web.openapi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.swagger.v3.oas.models.Operation;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.web.method.HandlerMethod;

import io.healthkey.backend.domain.error.ErrorCode;

/**
 * Carries each handler's {@link ProblemResponses} into its operation, as the {@value #CODES} extension;
 * {@link ApiDocumentCustomizer} adds the shared codes and turns them into responses once every operation is built.
 * An operation without the annotation gets no extension: the document shows it without problem responses, and the
 * document test names it.
 */
public final class ProblemResponsesCustomizer implements OperationCustomizer {

    /** The extension that lists, for fuzzers and client generators alike, every code an operation may answer. */
    public static final String CODES = "x-problem-codes";

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        ProblemResponses declared = handler.getMethodAnnotation(ProblemResponses.class);
        if (declared != null) {
            List<String> codes = new ArrayList<>();
            Arrays.stream(declared.value()).map(ErrorCode::code).forEach(codes::add);
            codes.addAll(Arrays.asList(declared.protocol()));
            operation.addExtension(CODES, List.copyOf(codes));
        }
        return operation;
    }

    /** The codes the operation declared, if it did. */
    @SuppressWarnings("unchecked")
    static Optional<List<String>> declaredCodes(Operation operation) {
        return Optional.ofNullable(operation.getExtensions())
                .map(extensions -> (List<String>) extensions.get(CODES));
    }
}
