package io.healthkey.backend.domain.network;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a contract's ABI, as Solidity's JSON ABI describes it: a function, an event, a custom error, the
 * constructor. Fields an entry of its type does not have are null (and left out of the JSON).
 *
 * @param type {@code function}, {@code event}, {@code error}, {@code constructor}, {@code fallback} or
 *        {@code receive}
 * @param name null for the constructor, fallback and receive
 * @param outputs functions only
 * @param stateMutability functions and the constructor: {@code pure}, {@code view}, {@code nonpayable},
 *        {@code payable}
 * @param anonymous events only
 */
public record AbiEntry(String type, String name, List<AbiParameter> inputs, List<AbiParameter> outputs,
        String stateMutability, Boolean anonymous) {

    public AbiEntry {
        Objects.requireNonNull(type, "type");
        inputs = List.copyOf(inputs);
        outputs = outputs == null ? null : List.copyOf(outputs);
    }
}
