package io.healthkey.backend.adapter.inbound.web.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.healthkey.backend.domain.error.ErrorCode;

/**
 * The stable codes an operation answers as {@code application/problem+json}, besides those every operation of its
 * kind shares ({@link ApiDocumentCustomizer} adds those: 401 on protected routes, 400/413/415 on request bodies, 500
 * everywhere). The OpenAPI document lists them by HTTP status, each status a response whose {@code code} is one of
 * its codes.
 *
 * <p>Every operation carries this annotation, empty when it has no codes of its own: {@code ApiDocumentSliceTest}
 * fails for an operation without it, so that an endpoint cannot be added without deciding how it fails.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ProblemResponses {

    /** The backend's codes (docs/CODES.md, "API error codes"). */
    ErrorCode[] value();

    /**
     * Codes of the protocol module ({@code PROTO-…}, docs/CODES.md, "Protocol error codes") that reach the client as
     * 422, when a protocol rule refuses a value that parsed.
     */
    String[] protocol() default {};
}
