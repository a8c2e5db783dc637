package io.healthkey.backend.adapter.inbound.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.netty.channel.AbortedException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** A client that drops its connection is one log line without a stack trace, and no answer; a real failure is not. */
class ProblemDetailsExceptionHandlerTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ProblemDetailsExceptionHandler handler =
            new ProblemDetailsExceptionHandler(ServerCodecConfigurer.create(), meters);
    private final Logger logger = (Logger) LoggerFactory.getLogger(ProblemDetailsExceptionHandler.class);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private Level levelBefore;

    @BeforeEach
    void captureTheHandlersLogAtDebug() {
        levelBefore = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void restore() {
        logger.detachAppender(events);
        logger.setLevel(levelBefore);
    }

    @Test
    void aClientThatWentAwayIsOneDebugLineWithoutAStackTraceAndNoProblemCounted() {
        for (Throwable gone : new Throwable[] {new AbortedException("Connection has been closed BEFORE send operation"),
                new IOException("Connection reset by peer")}) {
            MockServerWebExchange exchange = exchange();

            handler.handle(exchange, gone).block();

            assertThat(exchange.getResponse().getStatusCode()).as("nothing answered").isNull();
        }
        assertThat(events.list).hasSize(2).allSatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(event.getThrowableProxy()).isNull();
            assertThat(event.getFormattedMessage()).contains("PUT /api/v1/records/x/content", "went away");
        });
        assertThat(meters.find(ProblemDetailsExceptionHandler.FAILURES).counters()).isEmpty();
    }

    @Test
    void anUnexpectedFailureIsStillA500LoggedWithItsStackTrace() {
        MockServerWebExchange exchange = exchange();

        handler.handle(exchange, new IllegalStateException("a bug")).block();

        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(500);
        assertThat(events.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getThrowableProxy()).isNotNull();
        });
    }

    private static MockServerWebExchange exchange() {
        return MockServerWebExchange.from(MockServerHttpRequest.put("/api/v1/records/x/content"));
    }
}
