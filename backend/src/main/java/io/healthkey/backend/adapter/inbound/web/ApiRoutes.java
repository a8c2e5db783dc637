package io.healthkey.backend.adapter.inbound.web;

import java.util.Set;

/**
 * Who may call each route, as data: {@link ApiSecurityConfiguration} turns it into the security filter chain's rules,
 * matched with the router's own path patterns. Every route a controller maps must be listed in exactly one set (a
 * test checks it), so a new endpoint cannot be added without deciding; a route in neither is closed to everyone.
 */
final class ApiRoutes {

    /** Open to anyone, by design: what a dApp needs before it has a session. */
    static final Set<String> PUBLIC = Set.of(
            "GET /api/v1/network",
            "GET /api/v1/network/abis",
            "POST /api/v1/auth/nonce",
            "POST /api/v1/auth/session");

    /** Need {@code Authorization: Bearer <session token>}; without a valid one the answer is 401. */
    static final Set<String> PROTECTED = Set.of(
            "GET /api/v1/me",
            "POST /api/v1/grants",
            "POST /api/v1/revocations",
            "POST /api/v1/nonce-cancellations",
            "GET /api/v1/access",
            "GET /api/v1/patients/{patient}/nonce",
            "GET /api/v1/typed-data/grant",
            "GET /api/v1/typed-data/revocation",
            "GET /api/v1/typed-data/nonce-cancellation",
            "GET /api/v1/typed-data/key-publication",
            "POST /api/v1/key-publications",
            "GET /api/v1/participants/{account}/encryption-key",
            "POST /api/v1/records",
            "PUT /api/v1/records/{recordId}/content",
            "PUT /api/v1/records/{recordId}/content/parts/{partNumber}",
            "GET /api/v1/records/{recordId}/content/parts",
            "POST /api/v1/records/{recordId}/content/complete",
            "GET /api/v1/records/{recordId}/content",
            "GET /api/v1/records/{recordId}/key",
            "POST /api/v1/records/{recordId}/keys",
            "POST /api/v1/gateway/patients/{patient}/records",
            "GET /api/v1/gateway/records/{recordId}/content",
            "GET /api/v1/patients/{patient}/records",
            "GET /api/v1/patients/{patient}/consents",
            "GET /api/v1/patients/{patient}/reads",
            "GET /api/v1/patients/{patient}/reads/lost",
            "GET /api/v1/patients/{patient}/reads/{readId}/proof",
            "GET /api/v1/chain-requests/{id}",
            "GET /api/v1/chain-requests/{id}/events",
            "POST /api/v1/recovery/requests",
            "GET /api/v1/recovery/guardian-requests",
            "GET /api/v1/recovery/requests/{requestId}",
            "GET /api/v1/recovery/requests/{requestId}/kit",
            "POST /api/v1/recovery/requests/{requestId}/transfers",
            "GET /api/v1/recovery/requests/{requestId}/transfers",
            "GET /api/v1/patients/{patient}/recovery-log",
            "GET /api/v1/patients/{patient}/recovery-kit",
            "GET /api/v1/patients/{patient}/notifications/stream",
            "POST /api/v1/patients/{patient}/webhooks",
            "GET /api/v1/patients/{patient}/webhooks",
            "DELETE /api/v1/patients/{patient}/webhooks/{webhookId}",
            "GET /api/v1/patients/{patient}/webhooks/{webhookId}/deliveries",
            "GET /api/v1/patients/{patient}/identity-history",
            "GET /api/v1/grantees/{grantee}/grants",
            "GET /api/v1/grantees/{grantee}/patients/{patient}/records",
            "GET /api/v1/providers",
            "POST /api/v1/caregivers/appointments",
            "POST /api/v1/caregivers/revocations",
            "POST /api/v1/caregivers/grants",
            "POST /api/v1/caregivers/grant-revocations",
            "GET /api/v1/typed-data/caregiver-appointment",
            "GET /api/v1/typed-data/caregiver-revocation",
            "GET /api/v1/typed-data/caregiver-grant",
            "GET /api/v1/typed-data/caregiver-grant-revocation",
            "GET /api/v1/patients/{patient}/caregivers",
            "GET /api/v1/patients/{patient}/caregiver-actions",
            "GET /api/v1/caregivers/{account}/patients",
            "GET /api/v1/caregivers/{account}/patients/{patient}/grants",
            "POST /api/v1/emergency/setups",
            "POST /api/v1/emergency/requests",
            "POST /api/v1/emergency/approvals",
            "POST /api/v1/emergency/closures",
            "GET /api/v1/emergency/accounts/{account}/nonce",
            "GET /api/v1/emergency/records/{recordId}/content",
            "GET /api/v1/patients/{patient}/emergency-access",
            "GET /api/v1/emergency/patients/{patient}/kit",
            "POST /api/v1/emergency/patients/{patient}/requesters/{requester}/transfers",
            "GET /api/v1/emergency/patients/{patient}/transfers");

    /** The OpenAPI document and its viewer (springdoc), open to anyone with GET. */
    static final Set<String> DOCUMENTATION = Set.of(
            "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**",
            "/webjars/swagger-ui/**");

    /** The web app's files (WebAppRoutes), open to anyone with GET: it signs in like any dApp. */
    static final Set<String> WEB_APP = Set.of("/app", "/app/**");

    private ApiRoutes() {
    }

    static String method(String route) {
        return route.substring(0, route.indexOf(' '));
    }

    static String path(String route) {
        return route.substring(route.indexOf(' ') + 1);
    }
}
