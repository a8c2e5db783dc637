package io.healthkey.backend.domain.network;

import java.util.List;
import java.util.Objects;

/**
 * One input or output of a contract ABI entry, as Solidity's JSON ABI describes it.
 *
 * @param name the parameter's name; empty when the source gives none
 * @param type the canonical ABI type ({@code address}, {@code bytes32}, {@code tuple}, {@code uint256[]}, ...)
 * @param internalType the Solidity type it came from ({@code RecordId}, {@code struct Grant}); null if absent
 * @param indexed events only: whether the input is a topic; null elsewhere
 * @param components tuples only: their members, in order; null otherwise
 */
public record AbiParameter(String name, String type, String internalType, Boolean indexed,
        List<AbiParameter> components) {

    public AbiParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        components = components == null ? null : List.copyOf(components);
    }
}
