package io.healthkey.backend.adapter.inbound.web.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/** Calls are classed as the router matches paths: encodings and parameters cannot move a call into a laxer class. */
class CallClassTest {

    @ParameterizedTest
    @CsvSource({
            "POST, /api/v1/auth/nonce, SIGN_IN",
            "POST, /api/v1/auth/session, SIGN_IN",
            "POST, /api/v1/grants, RELAYED_WRITE",
            "POST, /api/v1/revocations, RELAYED_WRITE",
            "POST, /api/v1/key-publications, RELAYED_WRITE",
            "POST, /api/v1/records, RELAYED_WRITE",
            "PUT, /api/v1/records/0xab/content, RELAYED_WRITE",
            "POST, /api/v1/gateway/patients/0xab/records, RELAYED_WRITE",
            "POST, /api/v1/%67rants, RELAYED_WRITE",
            "POST, /%61pi/v1/grants, RELAYED_WRITE",
            "POST, /api;x=1/v1/grants, RELAYED_WRITE",
            "POST, /api/v1/auth/%6Eonce, SIGN_IN",
            "GET, /api/v1/records/0xab/content, READ",
            "GET, /api/v1/typed-data/grant, READ",
            "POST, /api/v1/records/0xab/keys, READ",
            "GET, /actuator/health, READ"})
    void classesARequestByTheMatchedRoute(String method, String path, CallClass expected) {
        MockServerHttpRequest request = MockServerHttpRequest.method(HttpMethod.valueOf(method), URI.create(path)).build();

        assertThat(CallClass.of(request.getMethod(), request.getPath().pathWithinApplication())).isEqualTo(expected);
    }
}
