package io.healthkey.backend.adapter.outbound.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.domain.chain.GrantIntent;
import io.healthkey.backend.domain.chain.Intent;
import io.healthkey.backend.domain.chain.NonceCancellationIntent;
import io.healthkey.backend.domain.chain.ReceiptRootIntent;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.RevocationIntent;
import io.healthkey.backend.domain.chain.SubjectOnlyIntent;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;

/** Every intent in its stored JSON and back, the rows stored before it, and versions this service does not read. */
class IntentCodecTest {

    private static final EthAddress PATIENT = EthAddress.parse("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
    private static final EthAddress DOCTOR = EthAddress.parse("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65");
    private static final RecordId LAB_RESULT = RecordId.of(PATIENT, Category.OBSERVATION, 7);
    private static final RecordId DIAGNOSIS = RecordId.of(PATIENT, Category.CONDITION, 8);
    private static final BigInteger UINT256_MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    @Test
    void everyKindOfIntentReadsBackAsStored() {
        roundTrips(RelayKind.GRANT, new GrantIntent(DOCTOR, Scope.of(Category.OBSERVATION), Action.READ,
                Purpose.TREAT, Instant.ofEpochSecond(2_000_000_000L), Optional.of(UINT256_MAX),
                List.of(LAB_RESULT, DIAGNOSIS)));
        roundTrips(RelayKind.GRANT, new GrantIntent(DOCTOR, Scope.of(LAB_RESULT), Action.WRITE, Purpose.ETREAT,
                Instant.ofEpochSecond(1), Optional.empty(), List.of()));
        roundTrips(RelayKind.REVOCATION, new RevocationIntent(DOCTOR, Scope.all(), Action.READ,
                Optional.of(BigInteger.valueOf(5))));
        roundTrips(RelayKind.REVOCATION, new RevocationIntent(DOCTOR, Scope.of(DIAGNOSIS), Action.WRITE,
                Optional.empty()));
        roundTrips(RelayKind.AUDIT_ROOT, new ReceiptRootIntent(Long.MAX_VALUE));
        roundTrips(RelayKind.ANCHOR, SubjectOnlyIntent.INSTANCE);
        roundTrips(RelayKind.NONCE_CANCELLATION, new NonceCancellationIntent(UINT256_MAX.subtract(BigInteger.ONE),
                UINT256_MAX));
    }

    @Test
    void theStoredFormIsVersionedJsonNamingItsKind() {
        String stored = IntentCodec.encode(new RevocationIntent(DOCTOR, Scope.all(), Action.READ,
                Optional.of(BigInteger.valueOf(7))));

        assertThat(stored).isEqualTo("{\"v\":1,\"kind\":\"revocation\",\"grantee\":\"" + DOCTOR
                + "\",\"scope\":\"" + Bytes32.ZERO.toHex() + "\",\"action\":1,\"nonce\":\"7\"}");
        assertThat(IntentCodec.encode(new ReceiptRootIntent(3))).isEqualTo("{\"v\":1,\"kind\":\"receiptRoot\","
                + "\"batch\":3}");
        assertThat(IntentCodec.encode(new NonceCancellationIntent(BigInteger.valueOf(4), BigInteger.valueOf(10))))
                .isEqualTo("{\"v\":1,\"kind\":\"nonceCancellation\",\"nonce\":\"4\",\"newNonce\":\"10\"}");
    }

    @Test
    void aGrantStoresTheRecordIdsOfItsKeysNeverTheKeys() {
        String stored = IntentCodec.encode(new GrantIntent(DOCTOR, Scope.all(), Action.READ, Purpose.TREAT,
                Instant.ofEpochSecond(2_000_000_000L), Optional.of(BigInteger.ONE), List.of(LAB_RESULT)));

        assertThat(stored).contains("\"keysFor\":[\"" + LAB_RESULT.toHex() + "\"]")
                .contains("\"purpose\":1").contains("\"expiresAt\":2000000000");
    }

    @Test
    void grantsStoredAsKeyValueLinesStillRead() {
        String withNonce = """
                action=1
                expiresAt=2000000000
                grantee=%s
                keys=%s,%s
                nonce=12
                purpose=3
                scope=%s
                """.formatted(DOCTOR, LAB_RESULT.toHex(), DIAGNOSIS.toHex(), Bytes32.ZERO.toHex());
        String beforeNonces = """
                action=1
                expiresAt=2000000000
                grantee=%s
                keys=
                purpose=1
                scope=%s
                """.formatted(DOCTOR, Scope.of(Category.OBSERVATION).toBytes32().toHex());

        assertThat(IntentCodec.decode(RelayKind.GRANT, PATIENT, withNonce)).isEqualTo(new GrantIntent(DOCTOR,
                Scope.all(), Action.READ, Purpose.CAREMGT, Instant.ofEpochSecond(2_000_000_000L),
                Optional.of(BigInteger.valueOf(12)), List.of(LAB_RESULT, DIAGNOSIS)));
        assertThat(IntentCodec.decode(RelayKind.GRANT, PATIENT, beforeNonces)).isEqualTo(new GrantIntent(DOCTOR,
                Scope.of(Category.OBSERVATION), Action.READ, Purpose.TREAT, Instant.ofEpochSecond(2_000_000_000L),
                Optional.empty(), List.of()));
    }

    @Test
    void revocationsAndReceiptRootsStoredAsKeyValueLinesStillRead() {
        String revocation = "action=2\ngrantee=%s\nnonce=3\nscope=%s\n".formatted(DOCTOR, DIAGNOSIS.toHex());

        assertThat(IntentCodec.decode(RelayKind.REVOCATION, PATIENT, revocation)).isEqualTo(new RevocationIntent(
                DOCTOR, Scope.of(DIAGNOSIS), Action.WRITE, Optional.of(BigInteger.valueOf(3))));
        assertThat(IntentCodec.decode(RelayKind.REVOCATION, PATIENT, "action=1\ngrantee=%s\nscope=%s\n"
                .formatted(DOCTOR, Bytes32.ZERO.toHex()))).isEqualTo(new RevocationIntent(DOCTOR, Scope.all(),
                        Action.READ, Optional.empty()));
        assertThat(IntentCodec.decode(RelayKind.AUDIT_ROOT, PATIENT, "batch=42\n"))
                .isEqualTo(new ReceiptRootIntent(42));
    }

    @Test
    void rowsWithoutTermsReadAsSubjectOnly() {
        for (RelayKind kind : List.of(RelayKind.GRANT, RelayKind.REVOCATION, RelayKind.ANCHOR,
                RelayKind.KEY_PUBLICATION)) {
            assertThat(IntentCodec.decode(kind, PATIENT, null)).as("before migration V4").isEqualTo(
                    SubjectOnlyIntent.INSTANCE);
            assertThat(IntentCodec.decode(kind, PATIENT, "")).as("no entries").isEqualTo(SubjectOnlyIntent.INSTANCE);
        }
    }

    @Test
    void refusesAVersionItDoesNotReadNamingIt() {
        assertThatThrownBy(() -> IntentCodec.decode(RelayKind.AUDIT_ROOT, PATIENT,
                "{\"v\":2,\"kind\":\"receiptRoot\",\"batch\":3}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format version 2").hasMessageContaining("reads version 1 only");
        assertThatThrownBy(() -> IntentCodec.decode(RelayKind.AUDIT_ROOT, PATIENT,
                "{\"kind\":\"receiptRoot\",\"batch\":3}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no \"v\"");
    }

    @Test
    void refusesUnknownKindsMissingTermsAndGarbage() {
        assertThatThrownBy(() -> IntentCodec.decode(RelayKind.GRANT, PATIENT, "{\"v\":1,\"kind\":\"transfer\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown kind \"transfer\"");
        assertThatThrownBy(() -> IntentCodec.decode(RelayKind.REVOCATION, PATIENT,
                "{\"v\":1,\"kind\":\"revocation\",\"grantee\":\"" + DOCTOR + "\",\"action\":1}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no \"scope\"");
        assertThatThrownBy(() -> IntentCodec.decode(RelayKind.AUDIT_ROOT, PATIENT, "{\"v\":1,"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> IntentCodec.decode(RelayKind.GRANT, PATIENT, "grantee"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither JSON nor key=value");
        assertThatThrownBy(() -> IntentCodec.decode(RelayKind.AUDIT_ROOT, PATIENT, "other=1\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no batch");
    }

    private static void roundTrips(RelayKind kind, Intent intent) {
        assertThat(intent.suits(kind)).isTrue();
        assertThat(IntentCodec.decode(kind, PATIENT, IntentCodec.encode(intent))).isEqualTo(intent);
    }
}
