package io.healthkey.backend.adapter.inbound.web;

import java.net.URI;

import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.ProtocolException;

/**
 * The one mapping from a failure to RFC 9457 problem+json. Every problem carries a stable {@code code}.
 * Details never echo request bodies, keys, SQL or stack traces.
 */
final class ProblemDetails {

    static final String CODE = "code";
    static final String INTERNAL_CODE = "INTERNAL-0001";

    private ProblemDetails() {
    }

    static ProblemDetail from(Throwable failure) {
        if (failure instanceof DomainException domain) {
            ProblemDetail problem = problem(statusOf(domain.errorCode()), domain.errorCode(), domain.getMessage());
            domain.properties().forEach(problem::setProperty);
            return problem;
        }
        if (failure instanceof ProtocolException protocol) {
            ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, ErrorCode.REQUEST_INVALID_FIELD,
                    "A value of the request " + ProtocolFailures.reason(protocol));
            problem.setType(typeOf(protocol.code()));
            problem.setProperty(CODE, protocol.code());
            return problem;
        }
        if (failure instanceof ServerExchangeRejectedException) {
            // Its message quotes what was refused (a header value, say): never echoed.
            return problem(statusOf(ErrorCode.REQUEST_REJECTED), ErrorCode.REQUEST_REJECTED, "The request's URL, method or a header "
                    + "is not in a form this API accepts (encoded '/', '.' or '%', ';' parameters, '//', dot segments, "
                    + "backslashes or control characters): send the canonical URL");
        }
        if (hasCause(failure, DataBufferLimitException.class)) {
            return problem(HttpStatus.CONTENT_TOO_LARGE, ErrorCode.REQUEST_TOO_LARGE, "Request body is too large");
        }
        if (failure instanceof WebExchangeBindException bind) {
            String detail = bind.getFieldErrors().stream()
                    .map(error -> error.getField() + ": "
                            + (error.isBindingFailure() ? "has an invalid format" : error.getDefaultMessage()))
                    .sorted()
                    .reduce((a, b) -> a + "; " + b)
                    .orElse("Invalid request");
            return problem(HttpStatus.UNPROCESSABLE_CONTENT, ErrorCode.REQUEST_INVALID_FIELD, detail);
        }
        if (failure instanceof ServerWebInputException input) {
            String detail = hasCause(input, DecodingException.class) ? "Request body is not valid JSON for this endpoint"
                    : input.getReason();
            return problem(statusOf(ErrorCode.REQUEST_MALFORMED), ErrorCode.REQUEST_MALFORMED, detail);
        }
        if (failure instanceof ResponseStatusException status) {
            ErrorCode code = switch (status.getStatusCode().value()) {
                case 404 -> ErrorCode.REQUEST_ROUTE_NOT_FOUND;
                case 413 -> ErrorCode.REQUEST_TOO_LARGE;
                case 415 -> ErrorCode.REQUEST_UNSUPPORTED_MEDIA_TYPE;
                default -> ErrorCode.REQUEST_UNSUPPORTED;
            };
            return problem(status.getStatusCode(), code, status.getReason());
        }
        ProblemDetail internal = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Unexpected error; it has been logged");
        internal.setType(typeOf(INTERNAL_CODE));
        internal.setProperty(CODE, INTERNAL_CODE);
        return internal;
    }

    static HttpStatus statusOf(ErrorCode code) {
        return switch (code.category()) {
            case INVALID -> HttpStatus.UNPROCESSABLE_CONTENT;
            case CONFLICT -> HttpStatus.CONFLICT;
            case DENIED -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case UPSTREAM -> HttpStatus.BAD_GATEWAY;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case UNSUPPORTED_MEDIA_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case MALFORMED -> HttpStatus.BAD_REQUEST;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
        };
    }

    private static ProblemDetail problem(HttpStatusCode status, ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(code.title());
        problem.setType(typeOf(code.code()));
        problem.setProperty(CODE, code.code());
        return problem;
    }

    private static URI typeOf(String code) {
        return URI.create("urn:healthkey:problem:" + code);
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
