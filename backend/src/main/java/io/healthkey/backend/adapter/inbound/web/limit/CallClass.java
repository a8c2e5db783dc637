package io.healthkey.backend.adapter.inbound.web.limit;

import java.time.Duration;
import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The classes of call that have rate limits of their own. A request is classed by the same path matching the router
 * uses (percent-decoded, {@code ;} parameters ignored), so an encoded path cannot move a call into a laxer class.
 */
public enum CallClass {

    /** Asking for a sign-in nonce and exchanging a signed message for a session: before any account is known. */
    SIGN_IN("sign-in", new Allowance(20, 0, Duration.ofMinutes(1)),
            "POST /api/v1/auth/nonce", "POST /api/v1/auth/session"),

    /**
     * Calls that make the relayer send a transaction: grants, revocations, key publications, record uploads and the
     * emergency access messages.
     */
    RELAYED_WRITE("relayed-write", new Allowance(120, 30, Duration.ofMinutes(1)),
            "POST /api/v1/grants", "POST /api/v1/revocations", "POST /api/v1/key-publications",
            "POST /api/v1/records", "PUT /api/v1/records/{recordId}/content",
            "POST /api/v1/gateway/patients/{patient}/records", "POST /api/v1/emergency/setups",
            "POST /api/v1/emergency/requests", "POST /api/v1/emergency/approvals", "POST /api/v1/emergency/closures",
            "POST /api/v1/records/{recordId}/content/complete"),

    /** Every other call: reads, typed data, status and event streams, and writes that cost the relayer nothing. */
    READ("read", new Allowance(1200, 600, Duration.ofMinutes(1)));

    private final String label;
    private final Allowance defaults;
    private final List<Route> routes;

    CallClass(String label, Allowance defaults, String... routes) {
        this.label = label;
        this.defaults = defaults;
        this.routes = List.of(routes).stream().map(Route::parse).toList();
    }

    /** The class of a request to {@code path} with {@code method}. */
    public static CallClass of(HttpMethod method, PathContainer path) {
        for (CallClass callClass : values()) {
            if (callClass.routes.stream().anyMatch(route -> route.matches(method, path))) {
                return callClass;
            }
        }
        return READ;
    }

    /** How problems and settings name the class. */
    public String label() {
        return label;
    }

    /** What the class allows unless configured otherwise. */
    public Allowance defaults() {
        return defaults;
    }

    private record Route(HttpMethod method, PathPattern pattern) {

        static Route parse(String route) {
            int space = route.indexOf(' ');
            return new Route(HttpMethod.valueOf(route.substring(0, space)),
                    PathPatternParser.defaultInstance.parse(route.substring(space + 1)));
        }

        boolean matches(HttpMethod requestMethod, PathContainer path) {
            return method.equals(requestMethod) && pattern.matches(path);
        }
    }
}
