package io.healthkey.backend.adapter.inbound.web;

import java.util.List;
import java.util.Set;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which API routes need a session. Every route a controller maps must be listed in exactly one set (a unit test
 * checks it), so a new endpoint cannot be added without deciding. The filter fails closed: every path under
 * {@code /api/} needs a session unless a {@link #PUBLIC} route matches it, listed or not.
 */
final class ApiRoutes {

    /** Open to anyone, by design: what a dApp needs before it has a session. */
    static final Set<String> PUBLIC = Set.of(
            "GET /api/v1/network",
            "GET /api/v1/network/abis",
            "POST /api/v1/auth/nonce",
            "POST /api/v1/auth/session");

    /** Need {@code Authorization: Bearer <token>}; the filter answers 401 without a valid one. */
    static final Set<String> PROTECTED = Set.of(
            "GET /api/v1/me",
            "POST /api/v1/grants",
            "POST /api/v1/revocations",
            "GET /api/v1/access",
            "GET /api/v1/patients/{patient}/nonce",
            "GET /api/v1/typed-data/grant",
            "GET /api/v1/typed-data/revocation",
            "GET /api/v1/typed-data/key-publication",
            "POST /api/v1/key-publications",
            "GET /api/v1/participants/{account}/encryption-key",
            "POST /api/v1/records",
            "PUT /api/v1/records/{recordId}/content",
            "GET /api/v1/records/{recordId}/content",
            "GET /api/v1/records/{recordId}/key",
            "POST /api/v1/records/{recordId}/keys",
            "POST /api/v1/gateway/patients/{patient}/records",
            "GET /api/v1/gateway/records/{recordId}/content",
            "GET /api/v1/patients/{patient}/records",
            "GET /api/v1/patients/{patient}/consents",
            "GET /api/v1/patients/{patient}/reads",
            "GET /api/v1/patients/{patient}/reads/{readId}/proof",
            "GET /api/v1/chain-requests/{id}",
            "GET /api/v1/chain-requests/{id}/events");

    private static final String API = "/api/";

    private static final List<PathPattern> PUBLIC_PATHS = PUBLIC.stream()
            .map(route -> PathPatternParser.defaultInstance.parse(route.substring(route.indexOf(' ') + 1)))
            .toList();

    private ApiRoutes() {
    }

    /** Whether a request to {@code path}, with any method, needs a session: any API path but the public ones. */
    static boolean isProtected(PathContainer path) {
        return path.value().startsWith(API) && PUBLIC_PATHS.stream().noneMatch(pattern -> pattern.matches(path));
    }
}
