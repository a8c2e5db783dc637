package io.healthkey.backend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Flux;

import io.healthkey.backend.application.record.ContentStorePort;
import io.healthkey.backend.domain.content.StoredContent;
import io.healthkey.backend.support.BackendITSupport;

/**
 * {@code /actuator/prometheus}: only with the scrape token, and with the series operators alert on: problems
 * answered by code, and the latency of each Kubo RPC call.
 */
class PrometheusMetricsIT extends BackendITSupport {

    @Autowired
    ContentStorePort content;

    @Test
    void scrapingNeedsTheScrapeToken() {
        http.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("AUTH-0010");
        http.get().uri("/actuator/prometheus").header("Authorization", "Bearer " + SCRAPE_TOKEN + "x").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("AUTH-0011");
        http.get().uri("/actuator/prometheus").header("Authorization", "Basic " + SCRAPE_TOKEN).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("AUTH-0011");
        // What routing reads as the same endpoint needs the same token; what it could read otherwise is refused.
        http.get().uri(java.net.URI.create(baseUrl() + "/actuator/%70rometheus")).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("AUTH-0010");
        http.get().uri(java.net.URI.create(baseUrl() + "/actuator/prometheus;x=1")).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("REQUEST-0008");
    }

    @Test
    void countsEveryProblemAnsweredByItsCode() {
        String missingToken = "healthkey_problems_total{code=\"AUTH-0010\",status=\"401\"}";
        String rejected = "healthkey_problems_total{code=\"REQUEST-0008\",status=\"400\"}";
        Map<String, Double> before = Map.of(missingToken, valueOr0(scrape(), missingToken),
                rejected, valueOr0(scrape(), rejected));

        http.get().uri("/api/v1/me").exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/v1/patients/0x01/records").exchange().expectStatus().isUnauthorized();
        http.get().uri("/api;x/v1/me").exchange().expectStatus().isBadRequest();

        String after = scrape();
        assertThat(valueOr0(after, missingToken) - before.get(missingToken)).isEqualTo(2.0);
        assertThat(valueOr0(after, rejected) - before.get(rejected)).isEqualTo(1.0);
    }

    @Test
    void timesEveryIpfsCall() {
        String adds = "healthkey_ipfs_rpc_seconds_count{call=\"add\",outcome=\"success\"}";
        String addTime = "healthkey_ipfs_rpc_seconds_sum{call=\"add\",outcome=\"success\"}";
        String reads = "healthkey_ipfs_rpc_seconds_count{call=\"block/get\",outcome=\"success\"}";
        String earlier = scrape();
        double addsBefore = valueOr0(earlier, adds);
        double readsBefore = valueOr0(earlier, reads);

        byte[] bytes = ("metrics " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        StoredContent stored = content.put(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bytes))).block();
        assertThat(content.get(stored.cid()).map(ByteBuffer::remaining).reduce(0, Integer::sum).block())
                .isEqualTo(bytes.length);

        String after = scrape();
        assertThat(valueOr0(after, adds) - addsBefore).isEqualTo(1.0);
        assertThat(valueOr0(after, addTime)).isPositive();
        assertThat(valueOr0(after, reads) - readsBefore).isEqualTo(1.0);   // one raw leaf
    }

    private String scrape() {
        return http.get().uri("/actuator/prometheus").header("Authorization", "Bearer " + SCRAPE_TOKEN).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    /** The value of one series (name with its labels in Micrometer's order), 0 when it is not there yet. */
    private static double valueOr0(String exposition, String series) {
        Matcher line = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(exposition);
        return line.find() ? Double.parseDouble(line.group(1)) : 0.0;
    }
}
