package io.healthkey.backend.adapter.inbound.web;

import java.net.URI;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.error.RetryAfter;

/**
 * Writes every failure, from annotated controllers, functional routes, codecs or routing alike, as
 * problem+json through {@link ProblemDetails}, and counts it by its stable code ({@value #FAILURES}, tags
 * {@code code} and {@code status}). A rate-limited problem also answers {@code Retry-After} in seconds. Ordered before
 * Boot's own error handler. A client that went away gets no answer and one debug line, without a stack trace: it is
 * not a failure of this service.
 */
@Component
@Order(-2)
class ProblemDetailsExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsExceptionHandler.class);

    /** Counter of the problems answered: failures by reason. */
    static final String FAILURES = "healthkey.problems";

    private final ServerResponse.Context context;
    private final MeterRegistry meters;

    ProblemDetailsExceptionHandler(ServerCodecConfigurer codecs, MeterRegistry meters) {
        this.meters = meters;
        List<HttpMessageWriter<?>> writers = codecs.getWriters();
        this.context = new ServerResponse.Context() {
            @Override
            public List<HttpMessageWriter<?>> messageWriters() {
                return writers;
            }

            @Override
            public List<ViewResolver> viewResolvers() {
                return List.of();
            }
        };
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(failure);
        }
        if (DisconnectedClientHelper.isClientDisconnectedException(failure)) {
            log.debug("{} {}: the client went away ({})", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(), failure.getClass().getSimpleName());
            return Mono.empty();
        }
        ProblemDetail problem = ProblemDetails.from(failure);
        count(problem);
        if (problem.getStatus() >= 500) {
            log.warn("{} {} failed: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                    problem.getProperties().get(ProblemDetails.CODE), failure);
        }
        if (!(failure instanceof ServerExchangeRejectedException)) {
            problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        }
        ServerResponse.BodyBuilder response = ServerResponse.status(problem.getStatus());
        if (failure instanceof ErrorResponse standard) {
            // e.g. Allow on a 405 (RFC 9110 requires it), Accept on a 415
            response.headers(headers -> headers.addAll(standard.getHeaders()));
        }
        if (problem.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, wwwAuthenticate(problem));
        }
        if (problem.getProperties() != null && problem.getProperties().get(RetryAfter.PROPERTY) instanceof Long wait) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(wait));
        }
        return response
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(problem)
                .flatMap(written -> written.writeTo(exchange, context));
    }

    private void count(ProblemDetail problem) {
        Object code = problem.getProperties() == null ? null : problem.getProperties().get(ProblemDetails.CODE);
        Counter.builder(FAILURES)
                .description("Requests answered with application/problem+json, by stable error code")
                .tag("code", String.valueOf(code))
                .tag("status", Integer.toString(problem.getStatus()))
                .register(meters)
                .increment();
    }

    /** RFC 6750: no error attribute when no token was sent, {@code invalid_token} for a bad or expired one. */
    private static String wwwAuthenticate(ProblemDetail problem) {
        Object code = problem.getProperties() == null ? null : problem.getProperties().get(ProblemDetails.CODE);
        return ErrorCode.AUTH_TOKEN_MISSING.code().equals(code) ? "Bearer realm=\"healthkey\""
                : "Bearer realm=\"healthkey\", error=\"invalid_token\"";
    }
}
