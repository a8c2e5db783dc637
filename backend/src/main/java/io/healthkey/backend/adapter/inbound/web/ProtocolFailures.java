package io.healthkey.backend.adapter.inbound.web;

import java.util.Map;

import io.healthkey.protocol.ProtocolException;

/**
 * Why a protocol value was refused, in words that name the kind of failure and never the value: the protocol's own
 * messages quote what they refused (an address, some hex), and a problem detail must not echo what was submitted.
 */
final class ProtocolFailures {

    private static final Map<String, String> REASONS = Map.of(
            "PROTO-0001", "is not in the required format",
            "PROTO-0002", "does not match its EIP-55 checksum (mixed case must be the checksummed form)",
            "PROTO-0003", "is out of range or not allowed here",
            "PROTO-0004", "is not a scope of this patient",
            "PROTO-0005", "is not a valid signature",
            "PROTO-0006", "is not a known code",
            "PROTO-0007", "is signed by another account");

    private ProtocolFailures() {
    }

    /** A reason to follow a field's name, e.g. "is not in the required format". */
    static String reason(ProtocolException failure) {
        return REASONS.getOrDefault(failure.code(), "is invalid");
    }
}
