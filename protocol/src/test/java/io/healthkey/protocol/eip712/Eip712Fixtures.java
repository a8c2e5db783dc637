package io.healthkey.protocol.eip712;

import io.healthkey.protocol.Action;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.web3j.crypto.ECKeyPair;

/** Keys, domains and messages for the EIP-712 tests; random ones come from a caller-seeded {@link Random}. */
final class Eip712Fixtures {

    /** Hardhat accounts #0 and #1 (public development keys). */
    static final ECKeyPair PATIENT_KEY = keyPair("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    static final ECKeyPair GRANTEE_KEY = keyPair("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    static final EthAddress PATIENT = EthAddress.parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    static final EthAddress GRANTEE = EthAddress.parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    static final EthAddress CONSENT_REGISTRY = EthAddress.parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    static final EthAddress PARTICIPANT_DIRECTORY = EthAddress.parse("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512");
    static final Eip712Domain CONSENT_DOMAIN = Eip712Domain.consentRegistry(31337, CONSENT_REGISTRY);
    static final Eip712Domain DIRECTORY_DOMAIN = Eip712Domain.participantDirectory(31337, PARTICIPANT_DIRECTORY);

    private Eip712Fixtures() {
    }

    static ECKeyPair keyPair(String hex) {
        return ECKeyPair.create(new BigInteger(hex, 16));
    }

    static GrantMessage grant() {
        return new GrantMessage(PATIENT, GRANTEE, Scope.of(Category.OBSERVATION), Action.READ, Purpose.TREAT,
                Instant.ofEpochSecond(1_767_225_600L), BigInteger.ZERO, Instant.ofEpochSecond(1_767_139_200L));
    }

    static ECKeyPair randomKeyPair(Random random) {
        BigInteger key;
        do {
            key = new BigInteger(256, random);
        } while (key.signum() == 0 || key.compareTo(EthSignature.CURVE_ORDER) >= 0);
        return ECKeyPair.create(key);
    }

    static EthAddress randomAddress(Random random) {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        bytes[0] |= 1; // never zero
        return EthAddress.fromBytes(bytes);
    }

    static Eip712Domain randomDomain(Random random, String name) {
        long chainId = 1 + random.nextInt(Integer.MAX_VALUE);
        return new Eip712Domain(name, Eip712Domain.VERSION, chainId, randomAddress(random));
    }

    static Scope randomScope(Random random, EthAddress patient) {
        return switch (random.nextInt(3)) {
            case 0 -> Scope.all();
            case 1 -> Scope.of(Category.ofCode(1 + random.nextInt(0xFFFF)));
            default -> Scope.of(RecordId.of(patient, Category.ofCode(1 + random.nextInt(0xFFFF)),
                    new BigInteger(80, random)));
        };
    }

    static BigInteger randomUint(Random random, int bits) {
        return new BigInteger(1 + random.nextInt(bits), random);
    }

    static Instant randomInstant(Random random) {
        return Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE) + (long) random.nextInt(4) * Integer.MAX_VALUE);
    }

    /** Random typed data of each message kind in turn, signed by {@code signer}'s account. */
    static TypedData randomTypedData(Random random, EthAddress signer, int index) {
        EthAddress grantee = randomAddress(random);
        Action action = Action.values()[random.nextInt(Action.values().length)];
        return switch (index % 4) {
            case 0 -> TypedData.of(randomDomain(random, Eip712Domain.CONSENT_REGISTRY), new GrantMessage(
                    signer, grantee, randomScope(random, signer), action,
                    Purpose.values()[random.nextInt(Purpose.values().length)], randomInstant(random),
                    randomUint(random, 256), randomInstant(random)));
            case 1 -> TypedData.of(randomDomain(random, Eip712Domain.CONSENT_REGISTRY), new RevocationMessage(
                    signer, grantee, randomScope(random, signer), action, randomUint(random, 256),
                    randomInstant(random)));
            case 2 -> {
                BigInteger nonce = randomUint(random, 255);
                yield TypedData.of(randomDomain(random, Eip712Domain.CONSENT_REGISTRY), new CancelNoncesMessage(signer,
                        nonce.add(BigInteger.ONE).add(randomUint(random, 32).mod(CancelNoncesMessage.MAX_NONCE_JUMP)),
                        nonce, randomInstant(random)));
            }
            default -> TypedData.of(randomDomain(random, Eip712Domain.PARTICIPANT_DIRECTORY),
                    new KeyPublicationMessage(signer, EncryptionPublicKey.of(randomKeyPair(random)),
                            randomUint(random, 256), randomInstant(random)));
        };
    }

    /** Builds the Java message of a vector's {@code typedData} from its JSON fields. */
    static TypedData fromVectorJson(Map<String, Object> typedData) {
        @SuppressWarnings("unchecked")
        Map<String, Object> domain = (Map<String, Object>) typedData.get("domain");
        @SuppressWarnings("unchecked")
        Map<String, String> message = (Map<String, String>) typedData.get("message");
        Eip712Domain javaDomain = new Eip712Domain((String) domain.get("name"), (String) domain.get("version"),
                ((Number) domain.get("chainId")).longValue(), EthAddress.parse((String) domain.get("verifyingContract")));
        Eip712Message javaMessage = switch ((String) typedData.get("primaryType")) {
            case "Grant" -> {
                EthAddress patient = EthAddress.parse(message.get("patient"));
                yield new GrantMessage(patient, EthAddress.parse(message.get("grantee")),
                        Scope.fromBytes32(patient, Bytes32.parse(message.get("scope"))),
                        Action.ofCode(Integer.parseInt(message.get("action"))),
                        Purpose.ofCode(Integer.parseInt(message.get("purpose"))),
                        Instant.ofEpochSecond(Long.parseLong(message.get("expiresAt"))),
                        new BigInteger(message.get("nonce")),
                        Instant.ofEpochSecond(Long.parseLong(message.get("deadline"))));
            }
            case "Revocation" -> {
                EthAddress patient = EthAddress.parse(message.get("patient"));
                yield new RevocationMessage(patient, EthAddress.parse(message.get("grantee")),
                        Scope.fromBytes32(patient, Bytes32.parse(message.get("scope"))),
                        Action.ofCode(Integer.parseInt(message.get("action"))),
                        new BigInteger(message.get("nonce")),
                        Instant.ofEpochSecond(Long.parseLong(message.get("deadline"))));
            }
            case "CancelNonces" -> new CancelNoncesMessage(EthAddress.parse(message.get("patient")),
                    new BigInteger(message.get("newNonce")), new BigInteger(message.get("nonce")),
                    Instant.ofEpochSecond(Long.parseLong(message.get("deadline"))));
            case "KeyPublication" -> new KeyPublicationMessage(EthAddress.parse(message.get("account")),
                    EncryptionPublicKey.parse(message.get("publicKey")), new BigInteger(message.get("nonce")),
                    Instant.ofEpochSecond(Long.parseLong(message.get("deadline"))));
            default -> throw new IllegalArgumentException("unknown primaryType " + typedData.get("primaryType"));
        };
        return TypedData.of(javaDomain, javaMessage);
    }
}
