package io.healthkey.protocol.eip712;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code types} member of {@code eth_signTypedData_v4} for each contract, without a message: what a dApp
 * needs to build the typed data itself. Derived from the same struct definitions that {@link TypedData} hashes,
 * so the published types and the signed digests cannot disagree.
 */
public final class Eip712Types {

    private static final EthAddress ONE = EthAddress.fromBytes(oneAt(19));
    private static final EthAddress TWO = EthAddress.fromBytes(oneAt(18));

    private Eip712Types() {
    }

    /** {@code EIP712Domain}, {@code Grant}, {@code Revocation} and {@code CancelNonces}. */
    public static Map<String, Object> consentRegistry() {
        return types(
                new GrantMessage(ONE, TWO, Scope.all(), Action.READ, Purpose.TREAT, Instant.EPOCH, BigInteger.ZERO,
                        Instant.EPOCH).toStruct(),
                new RevocationMessage(ONE, TWO, Scope.all(), Action.READ, BigInteger.ZERO, Instant.EPOCH).toStruct(),
                new CancelNoncesMessage(ONE, BigInteger.ONE, BigInteger.ZERO, Instant.EPOCH).toStruct());
    }

    /** {@code EIP712Domain} and {@code KeyPublication}. */
    public static Map<String, Object> participantDirectory() {
        EncryptionPublicKey anyKey = EncryptionPublicKey.parse(
                "0x0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
        return types(new KeyPublicationMessage(ONE, anyKey, BigInteger.ZERO, Instant.EPOCH).toStruct());
    }

    /** {@code EIP712Domain} and {@code ShareTransfer}: what a guardian signs to release a recovery share. */
    public static Map<String, Object> recovery() {
        EncryptionPublicKey anyKey = EncryptionPublicKey.parse(
                "0x0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
        return types(new ShareTransferMessage(Bytes32.ZERO, ONE, TWO, anyKey,
                new byte[ShareTransferMessage.SHARE_LENGTH], Instant.EPOCH).toStruct());
    }

    /** {@code EIP712Domain} and the four messages of {@code EmergencyAccess}. */
    public static Map<String, Object> emergencyAccess() {
        return types(
                new EmergencyMessage.Setup(ONE, List.of(), 0, 0, List.of(), BigInteger.ZERO, Instant.EPOCH).toStruct(),
                new EmergencyMessage.Request(ONE, TWO, Purpose.ETREAT, Bytes32.fromUint256(BigInteger.ONE),
                        BigInteger.ZERO, Instant.EPOCH).toStruct(),
                new EmergencyMessage.Approval(TWO, ONE, EthAddress.fromBytes(oneAt(17)), 1, Instant.EPOCH).toStruct(),
                new EmergencyMessage.Closure(ONE, TWO, BigInteger.ZERO, Instant.EPOCH).toStruct());
    }

    private static Map<String, Object> types(Eip712Struct... messages) {
        Map<String, Object> types = new LinkedHashMap<>();
        Eip712Struct domain = Eip712Domain.consentRegistry(1, ONE).toStruct();
        types.put(domain.primaryType(), domain.typeDefinition());
        for (Eip712Struct message : messages) {
            types.put(message.primaryType(), message.typeDefinition());
        }
        return Collections.unmodifiableMap(types);
    }

    private static byte[] oneAt(int index) {
        byte[] bytes = new byte[20];
        bytes[index] = 1;
        return bytes;
    }
}
