package io.healthkey.backend.adapter.outbound.persistence;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.healthkey.backend.domain.chain.GrantIntent;
import io.healthkey.backend.domain.chain.Intent;
import io.healthkey.backend.domain.chain.ReceiptRootIntent;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.RevocationIntent;
import io.healthkey.backend.domain.chain.SubjectOnlyIntent;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;

/**
 * Reads intents stored before {@link IntentCodec}'s JSON: {@code key=value} lines, sorted by key. What they held,
 * by the kind of the request:
 * <ul>
 * <li>GRANT: {@code action}, {@code expiresAt}, {@code grantee}, {@code keys} (comma-separated record ids, maybe
 * none), {@code purpose}, {@code scope}, and {@code nonce} once intents queued by nonce;</li>
 * <li>REVOCATION: {@code action}, {@code grantee}, {@code scope}, and later {@code nonce};</li>
 * <li>AUDIT_ROOT: {@code batch};</li>
 * <li>ANCHOR, KEY_PUBLICATION: nothing.</li>
 * </ul>
 * A grant or revocation without its terms reads as {@link SubjectOnlyIntent}, as one with no payload does.
 */
final class LegacyIntentLines {

    private static final List<String> GRANT_TERMS = List.of("grantee", "scope", "action", "purpose", "expiresAt");
    private static final List<String> REVOCATION_TERMS = List.of("grantee", "scope", "action");

    private LegacyIntentLines() {
    }

    static Intent decode(RelayKind kind, EthAddress patient, String lines) {
        Map<String, String> terms = parse(lines);
        if (kind == RelayKind.GRANT && terms.keySet().containsAll(GRANT_TERMS)) {
            return new GrantIntent(EthAddress.parse(terms.get("grantee")), scope(patient, terms), action(terms),
                    Purpose.ofCode(Integer.parseInt(terms.get("purpose"))),
                    Instant.ofEpochSecond(Long.parseLong(terms.get("expiresAt"))), nonce(terms), keysFor(terms));
        }
        if (kind == RelayKind.REVOCATION && terms.keySet().containsAll(REVOCATION_TERMS)) {
            return new RevocationIntent(EthAddress.parse(terms.get("grantee")), scope(patient, terms), action(terms),
                    nonce(terms));
        }
        if (kind == RelayKind.AUDIT_ROOT) {
            String batch = terms.get("batch");
            if (batch == null) {
                throw new IllegalArgumentException("stored AUDIT_ROOT intent has no batch");
            }
            return new ReceiptRootIntent(Long.parseLong(batch));
        }
        return SubjectOnlyIntent.INSTANCE;
    }

    private static Map<String, String> parse(String lines) {
        Map<String, String> terms = new LinkedHashMap<>();
        for (String line : lines.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("stored intent is neither JSON nor key=value lines");
            }
            terms.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return terms;
    }

    private static Scope scope(EthAddress patient, Map<String, String> terms) {
        return Scope.fromBytes32(patient, Bytes32.parse(terms.get("scope")));
    }

    private static Action action(Map<String, String> terms) {
        return Action.ofCode(Integer.parseInt(terms.get("action")));
    }

    private static Optional<BigInteger> nonce(Map<String, String> terms) {
        return Optional.ofNullable(terms.get("nonce")).map(BigInteger::new);
    }

    private static List<RecordId> keysFor(Map<String, String> terms) {
        return Arrays.stream(terms.getOrDefault("keys", "").split(","))
                .filter(id -> !id.isEmpty())
                .map(RecordId::parse)
                .toList();
    }
}
