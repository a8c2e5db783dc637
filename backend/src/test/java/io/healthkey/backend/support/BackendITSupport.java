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
    }

    @BeforeEach
    void httpClient() {
        http = WebTestClient.bindToServer().baseUrl(baseUrl()).responseTimeout(Duration.ofSeconds(60)).build();
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    protected LocalStack stack() {
        return LocalStack.shared();
    }
}
