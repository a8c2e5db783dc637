package io.healthkey.backend.domain.chain;

import java.util.Objects;
import java.util.regex.Pattern;

import io.healthkey.protocol.EthAddress;

/** A contract call the relayer makes: the contract and the ABI-encoded calldata, 0x hex. */
public record ChainCall(EthAddress target, String calldata) {

    private static final Pattern HEX = Pattern.compile("0x([0-9a-f]{2})*");

    public ChainCall {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(calldata, "calldata");
        if (!HEX.matcher(calldata).matches()) {
            throw new IllegalArgumentException("calldata must be lower-case 0x hex");
        }
    }
}
