package io.healthkey.protocol.eip712;

import static io.healthkey.protocol.eip712.Eip712Messages.epochSeconds;
import static io.healthkey.protocol.eip712.Eip712Messages.requireNonZero;
import static io.healthkey.protocol.eip712.Eip712Messages.seconds;

import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Uint;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code IParticipantDirectory.KeyPublication}: {@code account} publishes {@code publicKey} as the key record keys
 * are wrapped for; the signature is valid until {@code deadline} and for the account's {@code nonce} only.
 *
 * <p>Type: {@code KeyPublication(address account,bytes publicKey,uint256 nonce,uint256 deadline)}.
 *
 * <p>Guarantees: a non-zero account, a valid compressed secp256k1 key (see {@link EncryptionPublicKey}), a nonce
 * within uint256, whole seconds.
 */
public record KeyPublicationMessage(
        EthAddress account,
        EncryptionPublicKey publicKey,
        BigInteger nonce,
        Instant deadline) implements Eip712Message {

    public KeyPublicationMessage {
        requireNonZero(account, "account");
        Objects.requireNonNull(publicKey, "publicKey");
        Uint.require(nonce, 256, "nonce");
        deadline = seconds(deadline, "deadline");
    }

    @Override
    public EthAddress requiredSigner() {
        return account;
    }

    @Override
    public String contractName() {
        return Eip712Domain.PARTICIPANT_DIRECTORY;
    }

    Eip712Struct toStruct() {
        return new Eip712Struct("KeyPublication", List.of(
                Eip712Struct.address("account", account),
                Eip712Struct.bytes("publicKey", publicKey.toBytes()),
                Eip712Struct.uint("nonce", 256, nonce),
                Eip712Struct.uint("deadline", 256, epochSeconds(deadline))));
    }
}
