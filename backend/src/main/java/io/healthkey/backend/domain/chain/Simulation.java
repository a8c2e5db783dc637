package io.healthkey.backend.domain.chain;

import java.math.BigInteger;
import java.util.Optional;

import io.healthkey.backend.domain.error.DomainException;

/** What running a call at the pending block showed: the gas it needs, or the error it would revert with. */
public record Simulation(Optional<BigInteger> gasLimit, Optional<DomainException> revert) {

    public Simulation {
        if (gasLimit.isPresent() == revert.isPresent()) {
            throw new IllegalArgumentException("a simulation has a gas limit or a revert, not both");
        }
    }

    public static Simulation succeeds(BigInteger gasLimit) {
        return new Simulation(Optional.of(gasLimit), Optional.empty());
    }

    public static Simulation reverts(DomainException revert) {
        return new Simulation(Optional.empty(), Optional.of(revert));
    }
}
