package io.healthkey.protocol.eip712;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.InvalidValueException;
import java.io.ByteArrayOutputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.web3j.crypto.Hash;

/**
 * One message bound to the domain of the contract that verifies it: what a wallet signs with
 * {@code eth_signTypedData_v4} and what a relayer submits.
 *
 * <p>Guarantees: the domain is the one of the message's contract (a {@link GrantMessage} is never bound to the
 * {@code ParticipantDirectory} domain); {@link #digest()} equals OpenZeppelin's {@code _hashTypedDataV4(structHash)}
 * and ethers' {@code TypedDataEncoder.hash}; {@link #toMap()} and {@link #toJson()} describe the very same digest,
 * since hashes and JSON are produced from one list of members.
 */
public final class TypedData {

    private final Eip712Domain domain;
    private final Eip712Message message;

    private TypedData(Eip712Domain domain, Eip712Message message) {
        this.domain = domain;
        this.message = message;
    }

    /**
     * @throws InvalidValueException if the domain is not the one of the message's contract and version
     */
    public static TypedData of(Eip712Domain domain, Eip712Message message) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(message, "message");
        if (!domain.name().equals(message.contractName()) || !domain.version().equals(Eip712Domain.VERSION)) {
            throw new InvalidValueException("a " + message.primaryType() + " is verified in the domain \""
                    + message.contractName() + "\" version " + Eip712Domain.VERSION + ", not \"" + domain.name()
                    + "\" version " + domain.version());
        }
        return new TypedData(domain, message);
    }

    public Eip712Domain domain() {
        return domain;
    }

    public Eip712Message message() {
        return message;
    }

    public Bytes32 domainSeparator() {
        return domain.separator();
    }

    /** {@code hashStruct(message)}. */
    public Bytes32 structHash() {
        return message.structHash();
    }

    /** The 32 bytes that are signed: {@code keccak256(0x19 0x01 ‖ domainSeparator ‖ structHash)}. */
    public Bytes32 digest() {
        ByteArrayOutputStream data = new ByteArrayOutputStream(66);
        data.write(0x19);
        data.write(0x01);
        data.writeBytes(domainSeparator().toBytes());
        data.writeBytes(structHash().toBytes());
        return Bytes32.fromBytes(Hash.sha3(data.toByteArray()));
    }

    /**
     * The {@code eth_signTypedData_v4} parameter as an unmodifiable tree of maps (insertion-ordered), lists,
     * strings and {@code Long}s: {@code types} (with {@code EIP712Domain}), {@code primaryType}, {@code domain},
     * {@code message}. Addresses are checksummed, {@code bytes} and {@code bytes32} are 0x hex, the message's
     * integers are decimal strings, and the domain's {@code chainId} is a number.
     */
    public Map<String, Object> toMap() {
        Eip712Struct domainStruct = domain.toStruct();
        Eip712Struct messageStruct = Eip712Messages.structOf(message);
        Map<String, Object> types = new LinkedHashMap<>();
        types.put(domainStruct.primaryType(), domainStruct.typeDefinition());
        types.put(messageStruct.primaryType(), messageStruct.typeDefinition());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("types", Collections.unmodifiableMap(types));
        root.put("primaryType", messageStruct.primaryType());
        root.put("domain", domainStruct.values());
        root.put("message", messageStruct.values());
        return Collections.unmodifiableMap(root);
    }

    /** {@link #toMap()} as compact JSON text. */
    public String toJson() {
        return Json.write(toMap());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TypedData that && domain.equals(that.domain) && message.equals(that.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, message);
    }

    @Override
    public String toString() {
        return "TypedData[" + message.primaryType() + " in " + domain + "]";
    }
}
