package io.healthkey.backend.domain.network;

import java.util.List;

/**
 * The ABIs of the contracts of a deployment, entry for entry as the build compiled them from the Solidity
 * sources (the Hardhat artifacts): what a dApp passes to its contract library with the addresses of the
 * {@link Deployment}.
 */
public record ContractAbis(List<AbiEntry> participantDirectory, List<AbiEntry> consentRegistry,
        List<AbiEntry> recordRegistry, List<AbiEntry> readReceiptRoots, List<AbiEntry> emergencyAccess) {

    /** Without {@code EmergencyAccess}'s. */
    public ContractAbis(List<AbiEntry> participantDirectory, List<AbiEntry> consentRegistry,
            List<AbiEntry> recordRegistry, List<AbiEntry> readReceiptRoots) {
        this(participantDirectory, consentRegistry, recordRegistry, readReceiptRoots, List.of());
    }

    public ContractAbis {
        participantDirectory = List.copyOf(participantDirectory);
        consentRegistry = List.copyOf(consentRegistry);
        recordRegistry = List.copyOf(recordRegistry);
        readReceiptRoots = List.copyOf(readReceiptRoots);
        emergencyAccess = List.copyOf(emergencyAccess);
    }
}
