package io.healthkey.backend.adapter.outbound.persistence;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.r2dbc.spi.Readable;

import io.healthkey.backend.domain.account.IdentityRecoveryStep;
import io.healthkey.backend.domain.account.IdentityRecoveryStep.Kind;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.protocol.EthAddress;

/**
 * A recovery step in the generic {@code chain_event} columns, and back: {@code account} the account, {@code counterpart}
 * the approving guardian, {@code action} the round, {@code reason} the approvals or the new threshold,
 * {@code expires_at} when a scheduled rotation may execute or the new delay, {@code detail} the signer
 * ({@code 0x} and 128 hex digits) or the new guardians, comma-separated. Round and counts are {@code uint64} on chain
 * and {@code INTEGER} here: no account reaches 2^31 of either (each round and each guardian costs a transaction or
 * storage), and a larger one is stored as {@link Integer#MAX_VALUE}.
 */
final class AccountRecoveryRows {

    /** {@code chain_event.detail}'s width since V20: about 2,300 guardians, more than one block's gas can set. */
    static final int DETAIL_LENGTH = 100_000;

    private AccountRecoveryRows() {
    }

    static void fill(Object[] row, ChainEvent.AccountRecovery event) {
        IdentityRecoveryStep step = event.step();
        row[6] = event.account().toString();
        step.guardian().ifPresent(guardian -> row[7] = guardian.toString());
        row[9] = clamp(step.round());
        switch (step.kind()) {
            case APPROVED -> row[16] = clamp(step.approvals());
            case GUARDIANS_CHANGED -> {
                row[16] = clamp(step.threshold());
                row[17] = guardians(step.guardians());
            }
            case SCHEDULED -> row[11] = step.executableAt();
            case DELAY_CHANGED -> row[11] = step.delaySeconds();
            default -> { }
        }
        step.signer().ifPresent(signer -> row[17] = signer);
    }

    /** The step of a stored row (columns {@code name, counterpart, action, reason, expires_at, detail}). */
    static IdentityRecoveryStep step(Readable row) {
        Kind kind = Kind.ofEventName(row.get("name", String.class))
                .orElseThrow(() -> new IllegalStateException("not a recovery event: " + row.get("name", String.class)));
        long round = Optional.ofNullable(row.get("action", Integer.class)).orElse(0);
        long count = Optional.ofNullable(row.get("reason", Integer.class)).orElse(0);
        long time = Optional.ofNullable(row.get("expires_at", Long.class)).orElse(0L);
        String detail = row.get("detail", String.class);
        return switch (kind) {
            case GUARDIANS_CHANGED -> IdentityRecoveryStep.guardiansChanged(round, detail == null || detail.isEmpty()
                    ? List.of() : Arrays.stream(detail.split(",")).map(EthAddress::parse).toList(), count);
            case DELAY_CHANGED -> IdentityRecoveryStep.delayChanged(time);
            case APPROVED -> IdentityRecoveryStep.approved(round,
                    EthAddress.parse(row.get("counterpart", String.class)), detail, count);
            case SCHEDULED -> IdentityRecoveryStep.scheduled(round, detail, time);
            case EXECUTED -> IdentityRecoveryStep.executed(round, detail);
            case CANCELLED -> IdentityRecoveryStep.cancelled(round);
        };
    }

    /** Comma-separated; cut after the last guardian that fits the column. */
    private static String guardians(List<EthAddress> guardians) {
        StringBuilder joined = new StringBuilder();
        for (EthAddress guardian : guardians) {
            String next = (joined.isEmpty() ? "" : ",") + guardian;
            if (joined.length() + next.length() > DETAIL_LENGTH) {
                break;
            }
            joined.append(next);
        }
        return joined.toString();
    }

    private static int clamp(long value) {
        return (int) Math.min(Integer.MAX_VALUE, value);
    }
}
