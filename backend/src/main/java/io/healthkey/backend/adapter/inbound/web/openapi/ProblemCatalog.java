package io.healthkey.backend.adapter.inbound.web.openapi;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatusCode;

import io.healthkey.backend.domain.error.ErrorCode;

/**
 * What the document says of one problem code: its HTTP status and title, as the problem+json mapping answers it.
 * The status comes from that mapping itself ({@code ProblemDetails.statusOf}), so the document cannot drift from it.
 */
public final class ProblemCatalog {

    /** Protocol codes ({@code PROTO-…}) are answered as 422, whatever the rule. */
    static final int PROTOCOL_STATUS = 422;
    private static final String PROTOCOL_CODE = "^PROTO-[0-9]{4}$";

    private final Map<String, ErrorCode> byCode = Arrays.stream(ErrorCode.values())
            .collect(Collectors.toUnmodifiableMap(ErrorCode::code, code -> code));
    private final Function<ErrorCode, HttpStatusCode> statusOf;
    private final String internalCode;

    /**
     * @param statusOf the status the problem+json mapping answers each code with
     * @param internalCode the code of an unexpected failure (500)
     */
    public ProblemCatalog(Function<ErrorCode, HttpStatusCode> statusOf, String internalCode) {
        this.statusOf = statusOf;
        this.internalCode = internalCode;
    }

    String internalCode() {
        return internalCode;
    }

    /** @throws IllegalArgumentException for a code that is neither a backend, a protocol nor the internal code */
    Problem describe(String code) {
        ErrorCode known = byCode.get(code);
        if (known != null) {
            return new Problem(code, statusOf.apply(known).value(), known.title());
        }
        if (code.equals(internalCode)) {
            return new Problem(code, 500, "Unexpected error; it has been logged");
        }
        if (code.matches(PROTOCOL_CODE)) {
            return new Problem(code, PROTOCOL_STATUS, "A protocol rule refused a value (docs/CODES.md)");
        }
        throw new IllegalArgumentException("not a problem code of this API: " + code);
    }

    /** One code as the document shows it. */
    record Problem(String code, int status, String title) {
    }
}
