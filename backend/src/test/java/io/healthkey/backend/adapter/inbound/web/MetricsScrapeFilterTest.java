package io.healthkey.backend.adapter.inbound.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.error.DomainException;

class MetricsScrapeFilterTest {

    private static final String TOKEN = "a-scrape-token-of-at-least-32-characters";

    @Test
    void passesTheScraperWithTheTokenOnly() {
        MetricsScrapeFilter filter = new MetricsScrapeFilter(new MetricsProperties(TOKEN));

        assertThat(passes(filter, "/actuator/prometheus", "Bearer " + TOKEN)).isTrue();
        assertThat(passes(filter, "/actuator/prometheus", "bearer  " + TOKEN + " ")).isTrue();
        assertThat(code(filter, "/actuator/prometheus", null)).isEqualTo("AUTH-0010");
        assertThat(code(filter, "/actuator/prometheus", "Bearer " + TOKEN.substring(1))).isEqualTo("AUTH-0011");
        assertThat(code(filter, "/actuator/prometheus", "Bearer " + TOKEN + "x")).isEqualTo("AUTH-0011");
        assertThat(code(filter, "/actuator/prometheus", TOKEN)).isEqualTo("AUTH-0011");
        assertThat(code(filter, "/actuator/prometheus/anything", null)).isEqualTo("AUTH-0010");
    }

    @Test
    void leavesOtherPathsAlone() {
        MetricsScrapeFilter filter = new MetricsScrapeFilter(new MetricsProperties(TOKEN));

        assertThat(passes(filter, "/actuator/health", null)).isTrue();
        assertThat(passes(filter, "/actuator/prometheusx", null)).isTrue();
    }

    @Test
    void withoutAConfiguredTokenTheEndpointIsNotFound() {
        MetricsScrapeFilter filter = new MetricsScrapeFilter(new MetricsProperties(null));

        assertThatThrownBy(() -> passes(filter, "/actuator/prometheus", "Bearer " + TOKEN))
                .isInstanceOfSatisfying(ResponseStatusException.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(404));
    }

    @Test
    void refusesAShortToken() {
        assertThatThrownBy(() -> new MetricsProperties("too-short")).isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean passes(MetricsScrapeFilter filter, String path, String authorization) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get(path);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        AtomicBoolean reached = new AtomicBoolean();
        WebFilterChain chain = exchange -> Mono.fromRunnable(() -> reached.set(true));
        filter.filter(MockServerWebExchange.from(request), chain).block();
        return reached.get();
    }

    private static String code(MetricsScrapeFilter filter, String path, String authorization) {
        try {
            passes(filter, path, authorization);
            return "passed";
        } catch (DomainException e) {
            return e.code();
        }
    }
}
