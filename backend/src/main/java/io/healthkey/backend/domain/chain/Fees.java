package io.healthkey.backend.domain.chain;

import java.math.BigInteger;
import java.util.Objects;

/**
 * EIP-1559 fees of one transaction, in wei per gas.
 *
 * <p>Nodes accept a transaction replacing another with the same nonce only if both fees rise by at least 10%
 * (geth's and Hardhat's price bump; anvil asks less). {@link #bumped()} raises each by 12.5%, rounded up, which
 * always clears that bar, even for fees of a few wei.
 */
public record Fees(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {

    private static final BigInteger HUNDRED = BigInteger.valueOf(100);
    private static final BigInteger MIN_BUMP_PERCENT = BigInteger.valueOf(110);
    private static final BigInteger EIGHT = BigInteger.valueOf(8);
    private static final BigInteger NINE = BigInteger.valueOf(9);

    public Fees {
        Objects.requireNonNull(maxFeePerGas, "maxFeePerGas");
        Objects.requireNonNull(maxPriorityFeePerGas, "maxPriorityFeePerGas");
        if (maxPriorityFeePerGas.signum() < 0 || maxFeePerGas.compareTo(maxPriorityFeePerGas) < 0) {
            throw new IllegalArgumentException("need 0 <= maxPriorityFeePerGas <= maxFeePerGas");
        }
    }

    /** Both fees times 9/8, rounded up, and at least one wei more. */
    public Fees bumped() {
        return new Fees(bump(maxFeePerGas), bump(maxPriorityFeePerGas));
    }

    /** The larger of each fee: a replacement must also pay what the network asks now. */
    public Fees atLeast(Fees other) {
        return new Fees(maxFeePerGas.max(other.maxFeePerGas), maxPriorityFeePerGas.max(other.maxPriorityFeePerGas));
    }

    /** Whether a node accepts {@code this} replacing a transaction that paid {@code previous}: both fees +10%. */
    public boolean replaces(Fees previous) {
        return atLeastTenPercentAbove(maxFeePerGas, previous.maxFeePerGas)
                && atLeastTenPercentAbove(maxPriorityFeePerGas, previous.maxPriorityFeePerGas);
    }

    private static boolean atLeastTenPercentAbove(BigInteger value, BigInteger previous) {
        return value.multiply(HUNDRED).compareTo(previous.multiply(MIN_BUMP_PERCENT)) >= 0;
    }

    private static BigInteger bump(BigInteger fee) {
        BigInteger[] quotient = fee.multiply(NINE).divideAndRemainder(EIGHT);
        BigInteger up = quotient[1].signum() == 0 ? quotient[0] : quotient[0].add(BigInteger.ONE);
        return up.max(fee.add(BigInteger.ONE));
    }
}
