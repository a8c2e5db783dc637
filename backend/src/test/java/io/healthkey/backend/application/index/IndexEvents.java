package io.healthkey.backend.application.index;

import java.math.BigInteger;
import java.util.Optional;

import io.healthkey.backend.application.index.ScriptedChain.Pending;
import io.healthkey.backend.domain.directory.ProviderStatus;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

/** Events of one patient and one grantee (also a provider), to mine on a {@link ScriptedChain}. */
public final class IndexEvents {

    public static final EthAddress CONSENT = EthAddress.parse("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512");
    public static final EthAddress PATIENT = EthAddress.parse("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
    public static final EthAddress GRANTEE = EthAddress.parse("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65");

    private IndexEvents() {
    }

    public static Bytes32 scope(int n) {
        return Bytes32.fromUint256(BigInteger.valueOf(n));
    }

    public static GrantKey slot(Bytes32 scope) {
        return new GrantKey(PATIENT, GRANTEE, scope, 1);
    }

    public static Pending grant(Bytes32 scope, long expiresAt) {
        return at -> new ChainEvent.Consent(at, CONSENT, slot(scope), 1, expiresAt, false);
    }

    public static Pending revoke(Bytes32 scope) {
        return at -> new ChainEvent.Consent(at, CONSENT, slot(scope), 0, 0, true);
    }

    /** Mines {@code blocks} blocks of one grant each: block n + 1 grants scope n until 100 + n. */
    public static void mineOneGrantPerBlock(ScriptedChain chain, int blocks) {
        for (int i = 0; i < blocks; i++) {
            chain.mine(grant(scope(i), 100 + i));
        }
    }

    /**
     * Mines {@code blocks} blocks of {@code perBlock} grants each, every grant on a scope of its own (block b's
     * grants expire at 1000 + b).
     */
    public static void mineDenseHistory(ScriptedChain chain, int blocks, int perBlock) {
        for (int b = 0; b < blocks; b++) {
            Pending[] inBlock = new Pending[perBlock];
            for (int i = 0; i < perBlock; i++) {
                inBlock[i] = grant(scope(b * perBlock + i), 1_000 + b);
            }
            chain.mine(inBlock);
        }
    }

    public static Pending suspend(EthAddress provider) {
        return at -> new ChainEvent.Provider(at, CONSENT, "ProviderSuspended", provider, ProviderStatus.SUSPENDED, 2,
                Optional.empty());
    }

    public static Pending reinstate(EthAddress provider) {
        return at -> new ChainEvent.Provider(at, CONSENT, "ProviderReinstated", provider, ProviderStatus.ACTIVE, 0,
                Optional.empty());
    }
}
