package io.healthkey.backend.adapter.outbound.chain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.protocol.ObjectMapperFactory;

/**
 * Every custom error the deployed contracts can revert with, read from the Hardhat artifacts that the
 * build copies onto the classpath, so a new error in Solidity needs no hand-written selector here.
 */
final class ContractErrorCatalog {

    static final List<String> ARTIFACTS = List.of(
            "contracts/ParticipantDirectory.sol/ParticipantDirectory.json",
            "contracts/ConsentRegistry.sol/ConsentRegistry.json",
            "contracts/RecordRegistry.sol/RecordRegistry.json",
            "contracts/ReadReceiptRoots.sol/ReadReceiptRoots.json",
            "contracts/EmergencyAccess.sol/EmergencyAccess.json",
            "contracts/utils/CounterfactualAccountRelay.sol/CounterfactualAccountRelay.json");

    private final Map<String, ContractError> bySelector;

    private ContractErrorCatalog(Map<String, ContractError> bySelector) {
        this.bySelector = Map.copyOf(bySelector);
    }

    static ContractErrorCatalog fromClasspath() {
        Map<String, ContractError> errors = new HashMap<>();
        for (String artifact : ARTIFACTS) {
            for (JsonNode entry : readAbi(artifact)) {
                if ("error".equals(entry.path("type").asText())) {
                    ContractError error = parse(entry);
                    errors.put(error.selector(), error);
                }
            }
        }
        return new ContractErrorCatalog(errors);
    }

    Optional<ContractError> bySelector(String selector) {
        return Optional.ofNullable(bySelector.get(selector.toLowerCase()));
    }

    Collection<ContractError> all() {
        return bySelector.values();
    }

    private static ContractError parse(JsonNode entry) {
        String name = entry.path("name").asText();
        List<String> names = new ArrayList<>();
        List<String> solidityTypes = new ArrayList<>();
        List<TypeReference<Type>> types = new ArrayList<>();
        for (JsonNode input : entry.path("inputs")) {
            String type = input.path("type").asText();
            names.add(input.path("name").asText());
            solidityTypes.add(type);
            types.add(typeReference(type));
        }
        String signature = name + "(" + String.join(",", solidityTypes) + ")";
        String selector = Hash.sha3String(signature).substring(0, 10);
        return new ContractError(selector, name, List.copyOf(names), List.copyOf(types));
    }

    @SuppressWarnings("unchecked")
    private static TypeReference<Type> typeReference(String solidityType) {
        try {
            return (TypeReference<Type>) (TypeReference<?>) TypeReference.makeTypeReference(solidityType);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("ABI type not supported by web3j: " + solidityType, e);
        }
    }

    /** The {@code abi} array of a Hardhat artifact on the classpath. */
    static JsonNode readAbi(String artifact) {
        try (InputStream in = ContractErrorCatalog.class.getClassLoader().getResourceAsStream(artifact)) {
            if (in == null) {
                throw new IllegalStateException("Contract artifact missing from the classpath: " + artifact);
            }
            return ObjectMapperFactory.getObjectMapper().readTree(in).path("abi");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
