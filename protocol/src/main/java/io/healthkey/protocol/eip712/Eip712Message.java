package io.healthkey.protocol.eip712;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

/**
 * A message a HealthKey contract accepts with an EIP-712 signature. Each implementation mirrors one Solidity
 * struct member for member, in order and type, so that {@link #structHash()} equals the contract's
 * {@code keccak256(abi.encode(TYPEHASH, message))}. The one exception is {@link ShareTransferMessage}, which clients
 * verify off chain (docs/FORMAT.md, "Recovery kit").
 */
public sealed interface Eip712Message permits ConsentMessage, CaregiverMessage, KeyPublicationMessage,
        ShareTransferMessage, EmergencyMessage {

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

    /** The account whose signature is required: the patient, the publishing account, or the guardian. */
    EthAddress requiredSigner();

    /** The {@link Eip712Domain#name()} of the domain this message is signed in. */
    String contractName();
}
