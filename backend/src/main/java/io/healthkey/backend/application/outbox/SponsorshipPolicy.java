package io.healthkey.backend.application.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import io.healthkey.protocol.EthAddress;

/**
 * How many relayed transactions the relayer pays for per account: at most {@code relaysPerPeriod} requests accepted
 * in each period, counted in fixed windows of {@code period} aligned on the Unix epoch (with a period of one day,
 * each UTC day). A window's count starts again at zero when the next window begins.
 *
 * @param relaysPerPeriod the budget of every account without its own entry in {@code budgets}
 * @param period the length of a window, whole seconds, at least one second
 * @param budgets accounts with a budget of their own, e.g. a clinic that anchors many records a day
 */
public record SponsorshipPolicy(int relaysPerPeriod, Duration period, Map<EthAddress, Integer> budgets) {

    public SponsorshipPolicy {
        Objects.requireNonNull(period, "period");
        budgets = Map.copyOf(budgets);
        if (relaysPerPeriod < 0 || budgets.values().stream().anyMatch(budget -> budget < 0)) {
            throw new IllegalArgumentException("a sponsorship budget is zero or more");
        }
        if (period.toSeconds() < 1 || period.toNanosPart() != 0) {
            throw new IllegalArgumentException("the sponsorship period is whole seconds, at least one");
        }
    }

    /** How many relays {@code account} may have accepted per window. */
    public int budgetOf(EthAddress account) {
        return budgets.getOrDefault(account, relaysPerPeriod);
    }

    /** The start of the window holding {@code now}. */
    public Instant windowStart(Instant now) {
        long seconds = period.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), seconds) * seconds);
    }

    /** The end of the window holding {@code now}: when its count starts again at zero. */
    public Instant windowEnd(Instant now) {
        return windowStart(now).plus(period);
    }
}
