package io.healthkey.backend.adapter.outbound.ipfs;

import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.ContentMismatchException;
import io.healthkey.protocol.MalformedEncodingException;

/** Turns Kubo RPC failures and content checks into {@link DomainException}s with {@code CONTENT-*} codes. */
final class KuboErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KuboErrors() {
    }

    /**
     * An error answer of the RPC API: Kubo sends {@code {"Message", "Code", "Type": "error"}}, IPFS Cluster
     * {@code {"code", "message"}}. A missing block is
     * {@code CONTENT-0004}; anything else {@code CONTENT-0002} with Kubo's message (CIDs and paths, no secrets).
     */
    static DomainException fromResponse(HttpStatusCode status, String body) {
        String message = kuboMessage(body);
        if (message == null) {
            return new DomainException(ErrorCode.CONTENT_UPSTREAM_ERROR, "IPFS node answered HTTP " + status.value());
        }
        if (message.contains("not found") || message.contains("could not find")) {
            return new DomainException(ErrorCode.CONTENT_NOT_FOUND, message);
        }
        return new DomainException(ErrorCode.CONTENT_UPSTREAM_ERROR, message);
    }

    /** Kubo says the CID is not pinned (pin/ls, pin/rm). */
    static boolean isNotPinned(Throwable error) {
        return error instanceof DomainException e && e.errorCode() == ErrorCode.CONTENT_UPSTREAM_ERROR
                && e.getMessage() != null && e.getMessage().contains("not pinned");
    }

    static Throwable map(Throwable error) {
        if (error instanceof DomainException) {
            return error;
        }
        if (error instanceof WebClientRequestException || error instanceof TimeoutException) {
            return new DomainException(ErrorCode.CONTENT_UNAVAILABLE, "IPFS node did not answer", error);
        }
        if (error instanceof ContentMismatchException) {
            return new DomainException(ErrorCode.CONTENT_INTEGRITY, error.getMessage(), error);
        }
        if (error instanceof MalformedEncodingException) {
            return new DomainException(ErrorCode.CONTENT_NOT_A_FILE, error.getMessage(), error);
        }
        return new DomainException(ErrorCode.CONTENT_UPSTREAM_ERROR, "IPFS request failed: "
                + error.getClass().getSimpleName(), error);
    }

    private static String kuboMessage(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            if (json == null) {
                return null;
            }
            // Kubo says "Message", IPFS Cluster's REST API "message".
            JsonNode message = json.hasNonNull("Message") ? json.get("Message") : json.get("message");
            return message != null && !message.isNull() ? message.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
