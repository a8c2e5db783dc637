package io.healthkey.protocol;

/** What a grantee may do with records, as the {@code uint8 action} of the {@code ConsentRegistry}. */
public enum Action {
    /** Fetch and decrypt records. */
    READ(1),
    /** Add record versions; on chain it also needs the grantee to be an active provider. */
    WRITE(2);

    private final int code;

    Action(int code) {
        this.code = code;
    }

    /** The on-chain {@code uint8} code. */
    public int code() {
        return code;
    }

    /** @throws UnknownCodeException unless {@code code} is 1 (READ) or 2 (WRITE) */
    public static Action ofCode(int code) {
        for (Action action : values()) {
            if (action.code == code) {
                return action;
            }
        }
        throw new UnknownCodeException("action must be 1 (READ) or 2 (WRITE), got " + code);
    }
}
