package io.healthkey.protocol.recovery;

import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.InvalidSignatureException;
import io.healthkey.protocol.ShareTransferRefusedException;
import io.healthkey.protocol.SignerMismatchException;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.EthSignature;
import io.healthkey.protocol.eip712.ShareTransferMessage;
import io.healthkey.protocol.eip712.SignatureVerifier;
import io.healthkey.protocol.eip712.TypedData;
import java.time.Instant;
import java.util.Objects;

/**
 * Checks a guardian's signed {@link ShareTransferMessage} before its share is used.
 *
 * <p>Security guarantees: a transfer is accepted only if it names this kit and its patient, is for
 * {@code recipient}, its deadline is not before {@code now}, its guardian is one of the kit's, and the guardian
 * signed exactly these fields (the share bytes included) in the recovery domain of the kit's chain and the given
 * {@code RecordRegistry}. So a transfer by a non-guardian, for another kit, replayed for another recipient, expired
 * or signed for another chain is refused. Externally owned guardian accounts only: a contract-wallet guardian
 * (ERC-1271) needs a chain call and is refused here. Not checked: that the share opens (that is
 * {@link RecoveryKits#recover}'s), nor whether the guardian was willing (a guardian's key signs what it signs).
 */
public final class ShareTransfers {

    private ShareTransfers() {
    }

    /**
     * @param domain the recovery domain ({@link Eip712Domain#recovery}) of the chain and deployment the patient uses
     * @throws ShareTransferRefusedException if a rule above is broken (PROTO-0026)
     * @throws SignerMismatchException if the signature is not the guardian's for these fields and this domain
     * @throws InvalidSignatureException if it recovers to no account
     */
    public static VerifiedShareTransfer verify(RecoveryKit kit, Eip712Domain domain, ShareTransferMessage message,
            EthSignature signature, EncryptionPublicKey recipient, Instant now) {
        Objects.requireNonNull(signature, "signature");
        checkRules(kit, domain, message, recipient, now);
        SignatureVerifier.verify(TypedData.of(domain, message), signature);
        return new VerifiedShareTransfer(message, signature);
    }

    /**
     * The rules above but the signature's, for a caller that has the signature checked elsewhere (a contract-wallet
     * guardian's, through ERC-1271).
     *
     * @throws ShareTransferRefusedException if one is broken (PROTO-0026)
     */
    public static void checkRules(RecoveryKit kit, Eip712Domain domain, ShareTransferMessage message,
            EncryptionPublicKey recipient, Instant now) {
        Objects.requireNonNull(kit, "kit");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(now, "now");
        if (domain.chainId() != kit.chainId()) {
            throw new ShareTransferRefusedException("the domain is for chain " + domain.chainId() + ", the kit for "
                    + kit.chainId());
        }
        if (!message.kitId().equals(kit.kitId()) || !message.patient().equals(kit.patient())) {
            throw new ShareTransferRefusedException("the transfer is for another kit or patient than kit "
                    + kit.kitId() + " of " + kit.patient());
        }
        if (!message.recipientPublicKey().equals(recipient)) {
            throw new ShareTransferRefusedException("the transfer is for another recipient than " + recipient);
        }
        if (message.deadline().isBefore(now)) {
            throw new ShareTransferRefusedException("the transfer expired at " + message.deadline());
        }
        if (kit.guardian(message.guardian()).isEmpty()) {
            throw new ShareTransferRefusedException(message.guardian() + " is not a guardian of kit " + kit.kitId());
        }
    }
}
