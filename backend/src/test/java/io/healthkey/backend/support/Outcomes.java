package io.healthkey.backend.support;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.test.web.reactive.server.EntityExchangeResult;

/** What a caller can tell apart in an answer: its status, and for a failure the problem's stable code. */
public final class Outcomes {

    private static final Pattern PROBLEM_CODE = Pattern.compile("\"code\"\\s*:\\s*\"([A-Z]+-\\d{4})\"");

    private Outcomes() {
    }

    /** {@code "200"} for a success, {@code "401 AUTH-0010"} for a problem, {@code "400 (no code)"} without one. */
    public static String of(EntityExchangeResult<byte[]> response) {
        int status = response.getStatus().value();
        if (status < 300) {
            return String.valueOf(status);
        }
        Matcher code = PROBLEM_CODE.matcher(new String(bytes(response), StandardCharsets.UTF_8));
        return status + " " + (code.find() ? code.group(1) : "(no code)");
    }

    /** The body, empty when there is none. */
    public static byte[] bytes(EntityExchangeResult<byte[]> response) {
        return response.getResponseBody() == null ? new byte[0] : response.getResponseBody();
    }
}
