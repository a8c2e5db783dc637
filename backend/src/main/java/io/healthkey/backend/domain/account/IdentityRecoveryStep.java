package io.healthkey.backend.domain.account;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.healthkey.protocol.EthAddress;

/**
 * One step of the guardian recovery of a passkey account's signer, as the account's own contract logged it
 * ({@code IAccountGuardianRecovery}'s events). Fields a step does not have are empty or zero.
 *
 * @param round the recovery round the step belongs to ({@code GuardiansChanged}: the round it starts); 0 for
 *        {@link Kind#DELAY_CHANGED}
 * @param guardian {@link Kind#APPROVED}: the guardian who approved
 * @param signer {@link Kind#APPROVED}, {@link Kind#SCHEDULED}, {@link Kind#EXECUTED}: the proposed (or new) signer,
 *        the P-256 public key {@code qx ‖ qy} as {@code 0x} and 128 hex digits
 * @param approvals {@link Kind#APPROVED}: how many guardians have approved this signer in this round
 * @param threshold {@link Kind#GUARDIANS_CHANGED}: approvals a recovery needs from now on (0: recovery off)
 * @param guardians {@link Kind#GUARDIANS_CHANGED}: the guardians from now on
 * @param executableAt {@link Kind#SCHEDULED}: seconds since the epoch from which anyone may execute the rotation
 * @param delaySeconds {@link Kind#DELAY_CHANGED}: the time lock of later recoveries
 */
public record IdentityRecoveryStep(Kind kind, long round, Optional<EthAddress> guardian, Optional<String> signer,
        long approvals, long threshold, List<EthAddress> guardians, long executableAt, long delaySeconds) {

    /** The six events, by what they mean to the patient. */
    public enum Kind {
        GUARDIANS_CHANGED("GuardiansChanged"),
        DELAY_CHANGED("RecoveryDelayChanged"),
        APPROVED("RecoveryApproved"),
        SCHEDULED("RecoveryScheduled"),
        EXECUTED("RecoveryExecuted"),
        CANCELLED("RecoveryCancelled");

        private final String eventName;

        Kind(String eventName) {
            this.eventName = eventName;
        }

        /** The Solidity event's name. */
        public String eventName() {
            return eventName;
        }

        public static Optional<Kind> ofEventName(String name) {
            for (Kind kind : values()) {
                if (kind.eventName.equals(name)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    public IdentityRecoveryStep {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(guardian, "guardian");
        Objects.requireNonNull(signer, "signer");
        guardians = List.copyOf(guardians);
    }

    public static IdentityRecoveryStep guardiansChanged(long round, List<EthAddress> guardians, long threshold) {
        return new IdentityRecoveryStep(Kind.GUARDIANS_CHANGED, round, Optional.empty(), Optional.empty(), 0,
                threshold, guardians, 0, 0);
    }

    public static IdentityRecoveryStep delayChanged(long delaySeconds) {
        return new IdentityRecoveryStep(Kind.DELAY_CHANGED, 0, Optional.empty(), Optional.empty(), 0, 0, List.of(), 0,
                delaySeconds);
    }

    public static IdentityRecoveryStep approved(long round, EthAddress guardian, String signer, long approvals) {
        return new IdentityRecoveryStep(Kind.APPROVED, round, Optional.of(guardian), Optional.of(signer), approvals, 0,
                List.of(), 0, 0);
    }

    public static IdentityRecoveryStep scheduled(long round, String signer, long executableAt) {
        return new IdentityRecoveryStep(Kind.SCHEDULED, round, Optional.empty(), Optional.of(signer), 0, 0, List.of(),
                executableAt, 0);
    }

    public static IdentityRecoveryStep executed(long round, String signer) {
        return new IdentityRecoveryStep(Kind.EXECUTED, round, Optional.empty(), Optional.of(signer), 0, 0, List.of(),
                0, 0);
    }

    public static IdentityRecoveryStep cancelled(long round) {
        return new IdentityRecoveryStep(Kind.CANCELLED, round, Optional.empty(), Optional.empty(), 0, 0, List.of(), 0,
                0);
    }

    /** Whether the step changed who signs for the account. */
    public boolean rotatesSigner() {
        return kind == Kind.EXECUTED;
    }
}
