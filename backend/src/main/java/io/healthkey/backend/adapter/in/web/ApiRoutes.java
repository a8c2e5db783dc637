package io.healthkey.backend.adapter.in.web;

import java.util.List;
import java.util.Set;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which API routes need a session. Every route a controller maps must be listed in exactly one set (a unit test
 * checks it), so a new endpoint cannot be added without deciding; the default for new endpoints is
 * {@link #PROTECTED}.
 */
final class ApiRoutes {

    /** Open to anyone, by design: what a dApp needs before it has a session. */
    static final Set<String> PUBLIC = Set.of(
            "GET /api/v1/network",
            "POST /api/v1/auth/nonce",
            "POST /api/v1/auth/session");

    /**
     * Open today, to be protected: these endpoints predate sign-in and their clients do not send a token yet.
     * Relays are authorised by the patient's EIP-712 signature and reads by on-chain state, not by a session.
     */
    static final Set<String> NOT_YET_PROTECTED = Set.of(
            "POST /api/v1/grants",
            "POST /api/v1/revocations",
            "GET /api/v1/access",
            "GET /api/v1/patients/{patient}/nonce");

    /** Need {@code Authorization: Bearer <token>}; the filter answers 401 without a valid one. */
    static final Set<String> PROTECTED = Set.of(
            "GET /api/v1/me");

    private static final List<PathPattern> PROTECTED_PATHS = PROTECTED.stream()
            .map(route -> PathPatternParser.defaultInstance.parse(route.substring(route.indexOf(' ') + 1)))
            .toList();

    private ApiRoutes() {
    }

    /** Whether a request to {@code path}, with any method, needs a session. */
    static boolean isProtected(PathContainer path) {
        return PROTECTED_PATHS.stream().anyMatch(pattern -> pattern.matches(path));
    }
}
