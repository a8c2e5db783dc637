package io.healthkey.backend.support;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatusCode;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/** What a caller can tell apart in an answer: its status, and for a failure the problem's stable code. */
public final class Outcomes {

    private static final Pattern PROBLEM_CODE = Pattern.compile("\"code\"\\s*:\\s*\"([A-Z]+-\\d{4})\"");

    private Outcomes() {
    }

    /** {@code "200"} for a success, {@code "401 AUTH-0010"} for a problem, {@code "400 (no code)"} without one. */
    public static String of(EntityExchangeResult<byte[]> response) {
        return of(response.getStatus(), bytes(response));
    }

    /** As {@link #of(EntityExchangeResult)}, from the status and the body read (null when there is none). */
    public static String of(HttpStatusCode status, byte[] body) {
        if (status.value() < 300) {
            return String.valueOf(status.value());
        }
        Matcher code = PROBLEM_CODE.matcher(new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8));
        return status.value() + " " + (code.find() ? code.group(1) : "(no code)");
    }

    /** The body, empty when there is none. */
    public static byte[] bytes(EntityExchangeResult<byte[]> response) {
        return response.getResponseBody() == null ? new byte[0] : response.getResponseBody();
    }
}
