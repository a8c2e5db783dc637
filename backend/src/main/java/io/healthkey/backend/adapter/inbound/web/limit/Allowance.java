package io.healthkey.backend.adapter.inbound.web.limit;

import java.time.Duration;

/**
 * How many calls of one class a client may make per period: {@code perAddress} from one client address,
 * {@code perAccount} by one signed-in account (whatever its address). Tokens come back steadily over the period
 * (a bucket of {@code n} refilled at {@code n} per period), so a client that stays under the rate is never refused.
 * Zero means no limit on that key.
 *
 * @param perAddress calls per period from one client address (an IPv6 client's whole /64)
 * @param perAccount calls per period by one signed-in account
 * @param period the period both numbers are counted over
 */
public record Allowance(int perAddress, int perAccount, Duration period) {

    public Allowance {
        if (perAddress < 0 || perAccount < 0) {
            throw new IllegalArgumentException("an allowance is zero (no limit) or more calls");
        }
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("an allowance's period is positive");
        }
    }
}
