package io.healthkey.protocol.eip712;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.InvalidValueException;
import java.util.List;
import java.util.Objects;

/**
 * The EIP-712 domain of one deployed HealthKey contract: {@code EIP712Domain(string name,string version,
 * uint256 chainId,address verifyingContract)}. A signature made for one domain never verifies in another, so a
 * consent signed for a test chain or another deployment cannot be replayed here.
 *
 * <p>Guarantees: a non-empty name and version, a chain id from 1 to 2^53-1 (so that wallets reading it as a
 * JavaScript number see it exactly), and a non-zero verifying contract.
 */
public record Eip712Domain(String name, String version, long chainId, EthAddress verifyingContract) {

    /** The name the {@code ConsentRegistry} passes to OpenZeppelin's {@code EIP712}. */
    public static final String CONSENT_REGISTRY = "HealthKey ConsentRegistry";
    /** The name the {@code ParticipantDirectory} passes to OpenZeppelin's {@code EIP712}. */
    public static final String PARTICIPANT_DIRECTORY = "HealthKey ParticipantDirectory";
    /**
     * The name of the domain of guardian recovery messages ({@link ShareTransferMessage}). No contract verifies
     * them: the domain's verifying contract is the {@code RecordRegistry} that anchors the recovery kit, so that a
     * transfer is bound to one deployment as well as to one chain.
     */
    public static final String RECOVERY = "HealthKey Recovery";
    /** The version both contracts use. */
    /** The name of the {@code EmergencyAccess} domain. */
    public static final String EMERGENCY_ACCESS = "HealthKey EmergencyAccess";

    public static final String VERSION = "1";

    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    public Eip712Domain {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(verifyingContract, "verifyingContract");
        if (name.isEmpty() || version.isEmpty()) {
            throw new InvalidValueException("domain name and version must not be empty");
        }
        if (chainId < 1 || chainId > MAX_SAFE_INTEGER) {
            throw new InvalidValueException("chain id must be 1..2^53-1, got " + chainId);
        }
        if (verifyingContract.isZero()) {
            throw new InvalidValueException("verifying contract must not be the zero address");
        }
    }

    /** The domain of the {@code ConsentRegistry} at {@code address} on {@code chainId}. */
    public static Eip712Domain consentRegistry(long chainId, EthAddress address) {
        return new Eip712Domain(CONSENT_REGISTRY, VERSION, chainId, address);
    }

    /** The domain of the {@code ParticipantDirectory} at {@code address} on {@code chainId}. */
    public static Eip712Domain participantDirectory(long chainId, EthAddress address) {
        return new Eip712Domain(PARTICIPANT_DIRECTORY, VERSION, chainId, address);
    }

    /** The domain of guardian recovery messages on {@code chainId}, bound to the {@code RecordRegistry} there. */
    public static Eip712Domain recovery(long chainId, EthAddress recordRegistry) {
        return new Eip712Domain(RECOVERY, VERSION, chainId, recordRegistry);
    }

    /** The domain of the {@code EmergencyAccess} at {@code address} on {@code chainId}. */
    public static Eip712Domain emergencyAccess(long chainId, EthAddress address) {
        return new Eip712Domain(EMERGENCY_ACCESS, VERSION, chainId, address);
    }

    /** The domain separator: {@code hashStruct(EIP712Domain)}, as OpenZeppelin's {@code _domainSeparatorV4()}. */
    public Bytes32 separator() {
        return toStruct().hash();
    }

    Eip712Struct toStruct() {
        return new Eip712Struct("EIP712Domain", List.of(
                Eip712Struct.string("name", name),
                Eip712Struct.string("version", version),
                Eip712Struct.uint256AsNumber("chainId", chainId),
                Eip712Struct.address("verifyingContract", verifyingContract)));
    }
}
