package io.healthkey.protocol;

/**
 * PROTO-0026: a guardian's share transfer, whatever its signature, is not one the recovery may use: its signer is
 * not a guardian of the kit, it names another kit or patient, it is for another recipient key than the one
 * recovering, its deadline has passed, or it is signed for another chain. The message names the rule, never a
 * share.
 */
public final class ShareTransferRefusedException extends ProtocolException {
    public ShareTransferRefusedException(String message) {
        super("PROTO-0026", message);
    }
}
