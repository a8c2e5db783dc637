package io.healthkey.backend.adapter.outbound.chain;

import java.util.List;

import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;

/** A Solidity custom error as the ABI declares it: its selector, name and typed, named arguments. */
record ContractError(String selector, String name, List<String> argumentNames, List<TypeReference<Type>> argumentTypes) {
}
