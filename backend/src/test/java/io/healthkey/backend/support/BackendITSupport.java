package io.healthkey.backend.support;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Base of the backend integration suites: the stack, the properties pointing at it, an HTTP client. */
@BackendIT
public abstract class BackendITSupport {

    @LocalServerPort
    protected int port;

    protected WebTestClient http;

    @DynamicPropertySource
    static void pointAtLocalStack(DynamicPropertyRegistry registry) {
        LocalStack.shared().register(registry);
        GatewayClinic.register(registry);
        registry.add("healthkey.records.max-size", () -> MAX_RECORD_SIZE + "B");
        registry.add("healthkey.metrics.scrape-token", () -> SCRAPE_TOKEN);
        // Tests run the read receipt batcher themselves (ReadReceipts.publishAll), never racing a scheduled run.
        registry.add("healthkey.receipts.batch-interval", () -> "1h");
        // A stranger's denied reads close their aggregate within a second, and a row is batched as soon as it is
        // final: ReadReceipts.publishAll waits for the open window, never for a margin.
        registry.add("healthkey.receipts.denied-window", () -> ReadReceipts.DENIED_WINDOW.toMillis() + "ms");
        registry.add("healthkey.receipts.settle", () -> "0s");
    }

    @BeforeEach
    protected void httpClient() {
        // the OpenAPI document alone is larger than the client's default 256 KiB buffer
        http = WebTestClient.bindToServer().baseUrl(baseUrl()).responseTimeout(Duration.ofSeconds(60))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 << 20)).build();
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The test backend's record size limit: small, so that a test can exceed it. */
    protected static final long MAX_RECORD_SIZE = 4L * 1024 * 1024;

    /** What Prometheus would send to scrape {@code /actuator/prometheus}. */
    protected static final String SCRAPE_TOKEN = "it-scrape-token-" + java.util.UUID.randomUUID();

    /** Hardhat's chain id: sign-in messages name it. */
    protected static final long CHAIN_ID = 31337;

    /** {@link #http} signed in as {@code wallet}: every request carries its session token. */
    protected WebTestClient as(Wallet wallet) {
        return SignIn.as(http, wallet, CHAIN_ID);
    }

    /** The API as {@code wallet} uses it, signed in. */
    protected ApiClient client(Wallet wallet) {
        return new ApiClient(as(wallet), wallet, CHAIN_ID);
    }

    protected LocalStack stack() {
        return LocalStack.shared();
    }
}
