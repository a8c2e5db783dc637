package io.healthkey.protocol.eip712;

import static io.healthkey.protocol.eip712.Eip712Messages.epochSeconds;
import static io.healthkey.protocol.eip712.Eip712Messages.requireNonZero;
import static io.healthkey.protocol.eip712.Eip712Messages.seconds;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.InvalidValueException;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.Uint;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.web3j.crypto.Hash;

/**
 * A message signed for {@code IEmergencyAccess} (break-glass), in the domain {@link Eip712Domain#EMERGENCY_ACCESS}.
 * Each record mirrors its Solidity struct member for member; the contract enforces the rules that need its state
 * (nonces, rounds, keyholders, accreditation), these records only the shape every valid message has.
 */
public sealed interface EmergencyMessage extends Eip712Message {

    @Override
    default String contractName() {
        return Eip712Domain.EMERGENCY_ACCESS;
    }

    /** Until when the signature is valid, in whole seconds. */
    Instant deadline();

    /** The {@code reasonHash} of a request whose reason is {@code reason}: keccak256 of its UTF-8 bytes. */
    static Bytes32 reasonHash(String reason) {
        return Bytes32.fromBytes(Hash.sha3(reason.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * {@code EmergencySetup}: {@code patient} names its keyholders, {@code threshold} k of them, the window length in
     * seconds and the scopes a window opens. No keyholders with threshold zero turns emergency access off.
     *
     * <p>Type: {@code EmergencySetup(address patient,address[] keyholders,uint8 threshold,uint32 windowLength,
     * bytes32[] scopes,uint256 nonce,uint256 deadline)}.
     *
     * <p>Guarantees: a non-zero patient; at most {@link #MAX_KEYHOLDERS} distinct keyholders, none zero nor the
     * patient; 1 &lt;= threshold &lt;= keyholders (or none and zero); at most {@link #MAX_SCOPES} scopes, each valid
     * for the patient; a nonce within uint256, whole seconds.
     */
    record Setup(EthAddress patient, List<EthAddress> keyholders, int threshold, long windowLength,
            List<Scope> scopes, BigInteger nonce, Instant deadline) implements EmergencyMessage {

        /** The contract's {@code MAX_KEYHOLDERS}. */
        public static final int MAX_KEYHOLDERS = 16;
        /** The contract's {@code MAX_SCOPES}. */
        public static final int MAX_SCOPES = 8;

        public Setup {
            requireNonZero(patient, "patient");
            keyholders = List.copyOf(keyholders);
            scopes = List.copyOf(scopes);
            if (keyholders.size() > MAX_KEYHOLDERS || scopes.size() > MAX_SCOPES) {
                throw new InvalidValueException("at most " + MAX_KEYHOLDERS + " keyholders and " + MAX_SCOPES
                        + " scopes");
            }
            if (new HashSet<>(keyholders).size() != keyholders.size()
                    || keyholders.stream().anyMatch(keyholder -> keyholder.isZero() || keyholder.equals(patient))) {
                throw new InvalidValueException("keyholders must be distinct, none zero nor the patient");
            }
            if (keyholders.isEmpty() ? threshold != 0 : threshold < 1 || threshold > keyholders.size()) {
                throw new InvalidValueException("threshold must be 1 to the number of keyholders (0 with none)");
            }
            Uint.require(BigInteger.valueOf(windowLength), 32, "windowLength");
            if (scopes.stream().anyMatch(scope -> !scope.isValidFor(patient))) {
                throw new InvalidValueException("every scope must be one of the patient's");
            }
            Uint.require(nonce, 256, "nonce");
            deadline = seconds(deadline, "deadline");
        }

        @Override
        public EthAddress requiredSigner() {
            return patient;
        }

        Eip712Struct toStruct() {
            return new Eip712Struct("EmergencySetup", List.of(
                    Eip712Struct.address("patient", patient),
                    Eip712Struct.addressArray("keyholders", keyholders),
                    Eip712Struct.uint("threshold", 8, BigInteger.valueOf(threshold)),
                    Eip712Struct.uint("windowLength", 32, BigInteger.valueOf(windowLength)),
                    Eip712Struct.bytes32Array("scopes", scopes.stream().map(Scope::toBytes32).toList()),
                    Eip712Struct.uint("nonce", 256, nonce),
                    Eip712Struct.uint("deadline", 256, epochSeconds(deadline))));
        }
    }

    /**
     * {@code EmergencyRequest}: {@code requester} asks for emergency access to {@code patient}'s records, for
     * {@code purpose} (the contract takes ETREAT only) and the reason whose keccak256 is {@code reasonHash} (the
     * text stays off chain).
     *
     * <p>Type: {@code EmergencyRequest(address requester,address patient,uint16 purpose,bytes32 reasonHash,
     * uint256 nonce,uint256 deadline)}.
     *
     * <p>Guarantees: non-zero requester and patient, not the same; a non-zero reason hash; whole seconds.
     */
    record Request(EthAddress requester, EthAddress patient, Purpose purpose, Bytes32 reasonHash, BigInteger nonce,
            Instant deadline) implements EmergencyMessage {

        public Request {
            requireNonZero(requester, "requester");
            requireNonZero(patient, "patient");
            if (requester.equals(patient)) {
                throw new InvalidValueException("a patient does not request emergency access to itself");
            }
            Objects.requireNonNull(purpose, "purpose");
            if (reasonHash.isZero()) {
                throw new InvalidValueException("reasonHash must not be zero");
            }
            Uint.require(nonce, 256, "nonce");
            deadline = seconds(deadline, "deadline");
        }

        @Override
        public EthAddress requiredSigner() {
            return requester;
        }

        Eip712Struct toStruct() {
            return new Eip712Struct("EmergencyRequest", List.of(
                    Eip712Struct.address("requester", requester),
                    Eip712Struct.address("patient", patient),
                    Eip712Struct.uint("purpose", 16, BigInteger.valueOf(purpose.code())),
                    Eip712Struct.bytes32("reasonHash", reasonHash),
                    Eip712Struct.uint("nonce", 256, nonce),
                    Eip712Struct.uint("deadline", 256, epochSeconds(deadline))));
        }
    }

    /**
     * {@code EmergencyApproval}: {@code keyholder} approves round {@code round} of {@code requester}'s request for
     * {@code patient}. It has no nonce: the round and the contract's bitmap of approvals make it count at most once.
     *
     * <p>Type: {@code EmergencyApproval(address keyholder,address patient,address requester,uint32 round,
     * uint256 deadline)}.
     *
     * <p>Guarantees: non-zero addresses, the keyholder neither the patient nor the requester; a round from 1 within
     * uint32; whole seconds.
     */
    record Approval(EthAddress keyholder, EthAddress patient, EthAddress requester, long round, Instant deadline)
            implements EmergencyMessage {

        public Approval {
            requireNonZero(keyholder, "keyholder");
            requireNonZero(patient, "patient");
            requireNonZero(requester, "requester");
            if (keyholder.equals(requester) || keyholder.equals(patient)) {
                throw new InvalidValueException("a keyholder is neither the patient nor the requester");
            }
            if (round < 1) {
                throw new InvalidValueException("round starts at 1");
            }
            Uint.require(BigInteger.valueOf(round), 32, "round");
            deadline = seconds(deadline, "deadline");
        }

        @Override
        public EthAddress requiredSigner() {
            return keyholder;
        }

        Eip712Struct toStruct() {
            return new Eip712Struct("EmergencyApproval", List.of(
                    Eip712Struct.address("keyholder", keyholder),
                    Eip712Struct.address("patient", patient),
                    Eip712Struct.address("requester", requester),
                    Eip712Struct.uint("round", 32, BigInteger.valueOf(round)),
                    Eip712Struct.uint("deadline", 256, epochSeconds(deadline))));
        }
    }

    /**
     * {@code EmergencyClosure}: {@code patient} closes {@code requester}'s open window or pending request.
     *
     * <p>Type: {@code EmergencyClosure(address patient,address requester,uint256 nonce,uint256 deadline)}.
     */
    record Closure(EthAddress patient, EthAddress requester, BigInteger nonce, Instant deadline)
            implements EmergencyMessage {

        public Closure {
            requireNonZero(patient, "patient");
            requireNonZero(requester, "requester");
            Uint.require(nonce, 256, "nonce");
            deadline = seconds(deadline, "deadline");
        }

        @Override
        public EthAddress requiredSigner() {
            return patient;
        }

        Eip712Struct toStruct() {
            return new Eip712Struct("EmergencyClosure", List.of(
                    Eip712Struct.address("patient", patient),
                    Eip712Struct.address("requester", requester),
                    Eip712Struct.uint("nonce", 256, nonce),
                    Eip712Struct.uint("deadline", 256, epochSeconds(deadline))));
        }
    }
}
