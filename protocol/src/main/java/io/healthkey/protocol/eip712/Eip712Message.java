package io.healthkey.protocol.eip712;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

/**
 * A message a HealthKey contract accepts with an EIP-712 signature. Each implementation mirrors one Solidity
 * struct member for member, in order and type, so that {@link #structHash()} equals the contract's
 * {@code keccak256(abi.encode(TYPEHASH, message))}.
 */
public sealed interface Eip712Message permits GrantMessage, RevocationMessage, CancelNoncesMessage,
        KeyPublicationMessage, ShareTransferMessage {

    /** The Solidity struct name, e.g. {@code "Grant"}: the {@code primaryType} of the typed data. */
    default String primaryType() {
        return Eip712Messages.structOf(this).primaryType();
    }

    /** EIP-712 {@code encodeType}, e.g. {@code Grant(address patient,address grantee,...)}. */
    default String encodeType() {
        return Eip712Messages.structOf(this).encodeType();
    }

    /** keccak256 of {@link #encodeType()}: the contract's {@code *_TYPEHASH} constant. */
    default Bytes32 typeHash() {
        return Eip712Messages.structOf(this).typeHash();
    }

    /** EIP-712 {@code hashStruct(message)}. */
    default Bytes32 structHash() {
        return Eip712Messages.structOf(this).hash();
    }

    /** The account whose signature the contract requires: the patient, or the publishing account. */
    EthAddress requiredSigner();

    /** The {@link Eip712Domain#name()} of the contract that verifies this message. */
    String contractName();
}
