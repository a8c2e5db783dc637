package io.healthkey.backend.support;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.TypedData;

/**
 * ERC-7739 signatures of an OpenZeppelin account (PasskeyAccount, MultiSignerAccountMock), as
 * {@code test/helpers/webauthn.js} makes them: TypedDataSign for an app's EIP-712 message, PersonalSign for an
 * EIP-191 one (sign-in). {@code rawSign} is the account's own signer, over the nested hash.
 *
 * @param name and {@code version}: the account's EIP-712 domain; its salt is zero
 */
public record Erc7739(String name, String version, long chainId, EthAddress account) {

    public static Erc7739 passkeyAccount(long chainId, EthAddress account) {
        return new Erc7739("HealthKey PasskeyAccount", "1", chainId, account);
    }

    public static Erc7739 multiSignerMock(long chainId, EthAddress account) {
        return new Erc7739("MultiSignerAccountMock", "1", chainId, account);
    }

    /** TypedDataSign: rawSign(nested) ‖ app domain separator ‖ contents hash ‖ contents type ‖ its uint16 length. */
    public byte[] signTypedData(TypedData data, UnaryOperator<byte[]> rawSign) {
        String contentsType = data.message().encodeType();
        String primary = contentsType.substring(0, contentsType.indexOf('('));
        byte[] typeHash = keccak(("TypedDataSign(" + primary + " contents,string name,string version,uint256 chainId,"
                + "address verifyingContract,bytes32 salt)" + contentsType).getBytes(StandardCharsets.UTF_8));
        byte[] structHash = keccak(concat(typeHash, data.structHash().toBytes(), keccak(utf8(name)),
                keccak(utf8(version)), uint(chainId), account.toWord(), new byte[32]));
        byte[] nested = keccak(concat(new byte[] {0x19, 0x01}, data.domainSeparator().toBytes(), structHash));
        byte[] type = utf8(contentsType);
        return concat(rawSign.apply(nested), data.domainSeparator().toBytes(), data.structHash().toBytes(), type,
                new byte[] {(byte) (type.length >> 8), (byte) type.length});
    }

    /** PersonalSign: rawSign of PersonalSign(bytes prefixed) in the account's domain (without its salt). */
    public byte[] signPersonal(Bytes32 eip191Digest, UnaryOperator<byte[]> rawSign) {
        byte[] struct = keccak(concat(keccak(utf8("PersonalSign(bytes prefixed)")), eip191Digest.toBytes()));
        return rawSign.apply(hashTypedData(struct));
    }

    /** The account's own EIP-712 digest of a struct hash ({@code _hashTypedDataV4}): its domain has no salt. */
    public byte[] hashTypedData(byte[] structHash) {
        byte[] domain = keccak(concat(
                keccak(utf8("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")),
                keccak(utf8(name)), keccak(utf8(version)), uint(chainId), account.toWord()));
        return keccak(concat(new byte[] {0x19, 0x01}, domain, structHash));
    }

    private static byte[] keccak(byte[] bytes) {
        return Hash.sha3(bytes);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] uint(long value) {
        return Numeric.toBytesPadded(BigInteger.valueOf(value), 32);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
