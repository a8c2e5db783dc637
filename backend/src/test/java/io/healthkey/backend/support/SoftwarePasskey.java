package io.healthkey.backend.support;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.utils.Numeric;

/**
 * A software WebAuthn authenticator on the JDK's P-256, as {@code test/helpers/webauthn.js}: assertions with user
 * presence and verification, low-s, and the passkey account's raw signature {@code abi.encode(WebAuthnAuth)}.
 */
public final class SoftwarePasskey {

    private static final BigInteger P256_N =
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);
    private static final byte FLAGS_UP_UV = 0x05;

    private final KeyPair key;
    private final String rpId = "healthkey.example";
    private final String origin = "https://healthkey.example";
    private int signCount;

    public SoftwarePasskey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.key = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] qx() {
        return word(((ECPublicKey) key.getPublic()).getW().getAffineX());
    }

    public byte[] qy() {
        return word(((ECPublicKey) key.getPublic()).getW().getAffineY());
    }

    /** The account's raw signature of {@code hash}: abi.encode(r, s, challengeIndex, typeIndex, authData, json). */
    public byte[] sign(byte[] hash) {
        signCount++;
        byte[] authenticatorData = ByteBuffer.allocate(37).put(sha256(rpId.getBytes(StandardCharsets.UTF_8)))
                .put(FLAGS_UP_UV).putInt(signCount).array();
        String clientDataJson = "{\"type\":\"webauthn.get\",\"challenge\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(hash) + "\",\"origin\":\"" + origin
                + "\",\"crossOrigin\":false}";
        byte[] signed = ByteBuffer.allocate(37 + 32).put(authenticatorData)
                .put(sha256(clientDataJson.getBytes(StandardCharsets.UTF_8))).array();
        byte[] rs = p1363(signed);
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(rs, 32, 64));
        if (s.compareTo(P256_N.shiftRight(1)) > 0) {
            s = P256_N.subtract(s); // the account takes low-s only; browsers' signatures need not be
        }
        return Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(List.of(
                new Bytes32(Arrays.copyOf(rs, 32)), new Bytes32(word(s)),
                new Uint256(clientDataJson.indexOf("\"challenge\":\"")),
                new Uint256(clientDataJson.indexOf("\"type\":\"webauthn.get\"")),
                new DynamicBytes(authenticatorData), new Utf8String(clientDataJson))));
    }

    private byte[] p1363(byte[] message) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSAinP1363Format");
            ecdsa.initSign(key.getPrivate());
            ecdsa.update(message);
            return ecdsa.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] word(BigInteger value) {
        return Numeric.toBytesPadded(value, 32);
    }
}
