package io.healthkey.backend.adapter.outbound.persistence;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.healthkey.backend.domain.chain.CaregiverIntent;
import io.healthkey.backend.domain.chain.GrantIntent;
import io.healthkey.backend.domain.chain.Intent;
import io.healthkey.backend.domain.chain.NonceCancellationIntent;
import io.healthkey.backend.domain.chain.ReceiptRootIntent;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.RevocationIntent;
import io.healthkey.backend.domain.chain.SubjectOnlyIntent;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.CaregiverPowers;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;

/**
 * The stored form of an {@link Intent} ({@code chain_request.payload}): one JSON object with its format version
 * {@code "v": 1} and a {@code "kind"} ({@code grant}, {@code revocation}, {@code nonceCancellation},
 * {@code caregiverAppointment}, {@code caregiverRevocation}, {@code receiptRoot}, {@code subjectOnly}), for example {@code {"v":1,"kind":"revocation","grantee":"0x…","scope":"0x…","action":1,"nonce":"7"}}. Scopes and
 * record ids are their {@code bytes32} hex, actions and purposes their on-chain codes, times Unix seconds, nonces
 * decimal strings (uint256). A scope is read back for the request's patient, as the contract reads it.
 *
 * <p>Rows stored before this format still read: {@code key=value} lines ({@link LegacyIntentLines}), and no
 * payload at all (migration V4). A version this service does not know is refused, naming it: the row was written
 * by a newer release.
 */
final class IntentCodec {

    static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private IntentCodec() {
    }

    static String encode(Intent intent) {
        ObjectNode node = JSON.createObjectNode().put("v", VERSION);
        if (intent instanceof GrantIntent grant) {
            node.put("kind", "grant");
            consentTerms(node, grant.grantee(), grant.scope(), grant.action());
            node.put("purpose", grant.purpose().code()).put("expiresAt", grant.expiresAt().getEpochSecond());
            grant.nonce().ifPresent(nonce -> node.put("nonce", nonce.toString()));
            ArrayNode keysFor = node.putArray("keysFor");
            grant.keysFor().forEach(record -> keysFor.add(record.toHex()));
        } else if (intent instanceof RevocationIntent revocation) {
            node.put("kind", "revocation");
            consentTerms(node, revocation.grantee(), revocation.scope(), revocation.action());
            revocation.nonce().ifPresent(nonce -> node.put("nonce", nonce.toString()));
        } else if (intent instanceof NonceCancellationIntent cancellation) {
            node.put("kind", "nonceCancellation").put("nonce", cancellation.nonce().toString())
                    .put("newNonce", cancellation.newNonce().toString());
        } else if (intent instanceof CaregiverIntent.Appointment appointment) {
            node.put("kind", "caregiverAppointment").put("caregiver", appointment.caregiver().toString())
                    .put("powers", appointment.powers().bits())
                    .put("expiresAt", appointment.expiresAt().getEpochSecond())
                    .put("nonce", appointment.nonce().toString());
            ArrayNode scopes = node.putArray("scopes");
            appointment.scopes().forEach(scope -> scopes.add(scope.toBytes32().toHex()));
        } else if (intent instanceof CaregiverIntent.Revocation revocation) {
            node.put("kind", "caregiverRevocation").put("caregiver", revocation.caregiver().toString())
                    .put("nonce", revocation.nonce().toString());
        } else if (intent instanceof ReceiptRootIntent root) {
            node.put("kind", "receiptRoot").put("batch", root.batch());
        } else if (intent instanceof SubjectOnlyIntent) {
            node.put("kind", "subjectOnly");
        } else {
            throw new IllegalArgumentException("no stored form for " + intent);
        }
        return node.toString();
    }

    /** The intent stored for a request of {@code kind} by {@code patient}, in any form this service ever wrote. */
    static Intent decode(RelayKind kind, EthAddress patient, String stored) {
        if (stored == null || stored.isBlank()) {
            return SubjectOnlyIntent.INSTANCE;
        }
        if (!stored.startsWith("{")) {
            return LegacyIntentLines.decode(kind, patient, stored);
        }
        JsonNode node = parse(stored);
        JsonNode version = required(node, "v");
        if (!version.isInt() || version.intValue() != VERSION) {
            throw new IllegalArgumentException("stored intent has format version " + version
                    + "; this service reads version " + VERSION + " only (was it written by a newer release?)");
        }
        String intentKind = required(node, "kind").asText();
        return switch (intentKind) {
            case "grant" -> new GrantIntent(grantee(node), scope(node, patient), action(node),
                    Purpose.ofCode(required(node, "purpose").asInt()),
                    Instant.ofEpochSecond(required(node, "expiresAt").asLong()), nonce(node), keysFor(node));
            case "revocation" -> new RevocationIntent(grantee(node), scope(node, patient), action(node), nonce(node));
            case "nonceCancellation" -> new NonceCancellationIntent(uint(node, "nonce"), uint(node, "newNonce"));
            case "caregiverAppointment" -> new CaregiverIntent.Appointment(address(node, "caregiver"),
                    scopes(node, patient), new CaregiverPowers(required(node, "powers").asInt()),
                    Instant.ofEpochSecond(required(node, "expiresAt").asLong()), uint(node, "nonce"));
            case "caregiverRevocation" -> new CaregiverIntent.Revocation(address(node, "caregiver"),
                    uint(node, "nonce"));
            case "receiptRoot" -> new ReceiptRootIntent(required(node, "batch").asLong());
            case "subjectOnly" -> SubjectOnlyIntent.INSTANCE;
            default -> throw new IllegalArgumentException("stored intent has unknown kind \"" + intentKind + "\"");
        };
    }

    private static void consentTerms(ObjectNode node, EthAddress grantee, Scope scope, Action action) {
        node.put("grantee", grantee.toString()).put("scope", scope.toBytes32().toHex()).put("action", action.code());
    }

    private static JsonNode parse(String stored) {
        try {
            return JSON.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored intent is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("stored intent has no \"" + field + "\"");
        }
        return value;
    }

    private static EthAddress grantee(JsonNode node) {
        return address(node, "grantee");
    }

    private static EthAddress address(JsonNode node, String field) {
        return EthAddress.parse(required(node, field).asText());
    }

    private static List<Scope> scopes(JsonNode node, EthAddress patient) {
        List<Scope> scopes = new ArrayList<>();
        required(node, "scopes").forEach(scope -> scopes.add(Scope.fromBytes32(patient, Bytes32.parse(scope.asText()))));
        return scopes;
    }

    private static Scope scope(JsonNode node, EthAddress patient) {
        return Scope.fromBytes32(patient, Bytes32.parse(required(node, "scope").asText()));
    }

    private static Action action(JsonNode node) {
        return Action.ofCode(required(node, "action").asInt());
    }

    private static Optional<BigInteger> nonce(JsonNode node) {
        return node.hasNonNull("nonce") ? Optional.of(new BigInteger(node.get("nonce").asText())) : Optional.empty();
    }

    private static BigInteger uint(JsonNode node, String field) {
        return new BigInteger(required(node, field).asText());
    }

    private static List<RecordId> keysFor(JsonNode node) {
        List<RecordId> records = new ArrayList<>();
        required(node, "keysFor").forEach(record -> records.add(RecordId.parse(record.asText())));
        return records;
    }
}
