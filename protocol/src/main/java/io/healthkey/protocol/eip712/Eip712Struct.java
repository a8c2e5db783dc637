package io.healthkey.protocol.eip712;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.Uint;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.web3j.crypto.Hash;

/**
 * A flat EIP-712 struct: its members in declaration order, each with its Solidity type, its 32-byte
 * {@code encodeData} word and its {@code eth_signTypedData_v4} JSON value. Hashes and JSON come from the same
 * members, so the digest a wallet shows and the digest this module computes cannot drift apart.
 */
record Eip712Struct(String primaryType, List<Member> members) {

    record Member(String name, String type, Object json, byte[] word) {
    }

    Eip712Struct {
        members = List.copyOf(members);
    }

    static Member address(String name, EthAddress value) {
        return new Member(name, "address", value.toString(), value.toWord());
    }

    static Member bytes32(String name, Bytes32 value) {
        return new Member(name, "bytes32", value.toHex(), value.toBytes());
    }

    /** A {@code uint<bits>} whose JSON value is a decimal string, as ethers writes every integer. */
    static Member uint(String name, int bits, BigInteger value) {
        return new Member(name, "uint" + bits, value.toString(), Uint.toWord(value, bits, name));
    }

    /** A {@code uint256} whose JSON value is a number: the domain's chain id, as wallets expect it. */
    static Member uint256AsNumber(String name, long value) {
        return new Member(name, "uint256", value, Uint.toWord(BigInteger.valueOf(value), 256, name));
    }

    static Member bytes(String name, byte[] value) {
        return new Member(name, "bytes", Hex.encode(value), Hash.sha3(value));
    }

    /** An {@code address[]}: its word is keccak256 of the elements' words, as EIP-712 encodes arrays. */
    static Member addressArray(String name, List<EthAddress> values) {
        return array(name, "address[]", values.stream().map(EthAddress::toString).toList(),
                values.stream().map(EthAddress::toWord).toList());
    }

    /** A {@code bytes32[]}, encoded as {@link #addressArray}. */
    static Member bytes32Array(String name, List<Bytes32> values) {
        return array(name, "bytes32[]", values.stream().map(Bytes32::toHex).toList(),
                values.stream().map(Bytes32::toBytes).toList());
    }

    private static Member array(String name, String type, List<String> json, List<byte[]> words) {
        ByteArrayOutputStream concatenated = new ByteArrayOutputStream(32 * words.size());
        words.forEach(concatenated::writeBytes);
        return new Member(name, type, json, Hash.sha3(concatenated.toByteArray()));
    }

    static Member string(String name, String value) {
        return new Member(name, "string", value, Hash.sha3(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** EIP-712 {@code encodeType}, e.g. {@code Grant(address patient,...)}. */
    String encodeType() {
        return members.stream()
                .map(member -> member.type() + " " + member.name())
                .collect(Collectors.joining(",", primaryType + "(", ")"));
    }

    Bytes32 typeHash() {
        return Bytes32.fromBytes(Hash.sha3(encodeType().getBytes(StandardCharsets.UTF_8)));
    }

    /** EIP-712 {@code hashStruct}: keccak256(typeHash ‖ encodeData). */
    Bytes32 hash() {
        ByteArrayOutputStream data = new ByteArrayOutputStream(32 * (members.size() + 1));
        data.writeBytes(typeHash().toBytes());
        for (Member member : members) {
            data.writeBytes(member.word());
        }
        return Bytes32.fromBytes(Hash.sha3(data.toByteArray()));
    }

    /** The type's entry in {@code types}: a list of {@code {name, type}} objects. */
    List<Map<String, Object>> typeDefinition() {
        List<Map<String, Object>> fields = new ArrayList<>();
        for (Member member : members) {
            Map<String, Object> field = new LinkedHashMap<>();
            field.put("name", member.name());
            field.put("type", member.type());
            fields.add(Collections.unmodifiableMap(field));
        }
        return Collections.unmodifiableList(fields);
    }

    /** The values as JSON: addresses checksummed, bytes as 0x hex, integers as decimal strings. */
    Map<String, Object> values() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Member member : members) {
            values.put(member.name(), member.json());
        }
        return Collections.unmodifiableMap(values);
    }
}
