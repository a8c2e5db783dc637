package io.healthkey.backend.adapter.outbound.chain;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.healthkey.backend.application.network.ContractAbiPort;
import io.healthkey.backend.domain.network.AbiEntry;
import io.healthkey.backend.domain.network.AbiParameter;
import io.healthkey.backend.domain.network.ContractAbis;

/**
 * The ABIs from the Hardhat artifacts that the build copies onto the classpath (the same files the web3j wrappers
 * and {@link ContractErrorCatalog} come from), read once.
 */
public final class ArtifactContractAbis implements ContractAbiPort {

    private final ContractAbis abis;

    public ArtifactContractAbis() {
        this.abis = new ContractAbis(abiOf("ParticipantDirectory"), abiOf("ConsentRegistry"), abiOf("RecordRegistry"),
                abiOf("ReadReceiptRoots"), abiOf("EmergencyAccess"));
    }

    @Override
    public ContractAbis abis() {
        return abis;
    }

    private static List<AbiEntry> abiOf(String contract) {
        return entries(ContractErrorCatalog.readAbi("contracts/" + contract + ".sol/" + contract + ".json"));
    }

    private static List<AbiEntry> entries(JsonNode abi) {
        List<AbiEntry> entries = new ArrayList<>();
        for (JsonNode entry : abi) {
            entries.add(new AbiEntry(entry.path("type").asText(), text(entry, "name"), parameters(entry.path("inputs")),
                    entry.has("outputs") ? parameters(entry.path("outputs")) : null, text(entry, "stateMutability"),
                    entry.has("anonymous") ? entry.path("anonymous").asBoolean() : null));
        }
        return entries;
    }

    private static List<AbiParameter> parameters(JsonNode parameters) {
        List<AbiParameter> parsed = new ArrayList<>();
        for (JsonNode parameter : parameters) {
            parsed.add(new AbiParameter(parameter.path("name").asText(), parameter.path("type").asText(),
                    text(parameter, "internalType"),
                    parameter.has("indexed") ? parameter.path("indexed").asBoolean() : null,
                    parameter.has("components") ? parameters(parameter.path("components")) : null));
        }
        return parsed;
    }

    private static String text(JsonNode node, String field) {
        return node.has(field) ? node.path(field).asText() : null;
    }
}
