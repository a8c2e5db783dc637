package io.healthkey.backend.adapter.inbound.web;

import java.net.URI;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.adapter.inbound.web.openapi.ProblemResponses;
import io.healthkey.backend.application.network.DescribeNetworkUseCase;
import io.healthkey.backend.domain.account.AccountContracts;
import io.healthkey.backend.domain.network.AbiEntry;
import io.healthkey.backend.domain.network.ContractAbis;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.domain.network.NetworkDescription;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.Eip712Types;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Network", description = "What a dApp needs to configure itself")
class NetworkController {

    private final NetworkResponse response;
    private final ContractAbisResponse abis;

    NetworkController(DescribeNetworkUseCase network, WebProperties web) {
        this.response = NetworkResponse.of(network.describe(), web.publicChainRpcUrl());
        this.abis = ContractAbisResponse.of(network.abis());
    }

    @GetMapping("/network")
    @Operation(operationId = "network",
            summary = "Chain id, contract addresses, relayer, and the EIP-712 domains and types to sign with")
    @ProblemResponses({})
    NetworkResponse network() {
        return response;
    }

    @GetMapping("/network/abis")
    @Operation(operationId = "contractAbis",
            summary = "The ABI of each contract at contracts of /network, as this backend's build compiled it",
            description = "Pass one with its address to ethers' Contract (or any ABI library) to call the contract or "
                    + "decode its events yourself; docs/CONTRACTS.md says which functions and events a dApp uses.")
    @ProblemResponses({})
    ContractAbisResponse contractAbis() {
        return abis;
    }

    /** The ABIs as they are (Solidity's JSON ABI); one list per contract of {@link Contracts}. */
    @Schema(name = "ContractAbis",
            requiredProperties = {"participantDirectory", "consentRegistry", "recordRegistry", "readReceiptRoots"})
    record ContractAbisResponse(List<AbiEntry> participantDirectory, List<AbiEntry> consentRegistry,
            List<AbiEntry> recordRegistry, List<AbiEntry> readReceiptRoots, List<AbiEntry> emergencyAccess) {

        static ContractAbisResponse of(ContractAbis abis) {
            return new ContractAbisResponse(abis.participantDirectory(), abis.consentRegistry(), abis.recordRegistry(),
                    abis.readReceiptRoots(), abis.emergencyAccess());
        }
    }

    @Schema(requiredProperties = {"chainId", "startBlock", "relayer", "contracts", "accounts", "eip712"})
    record NetworkResponse(long chainId,
            @Schema(description = "the first block holding any of the contracts") long startBlock,
            @Schema(description = "the account that pays for relayed transactions", pattern = ApiPatterns.ADDRESS)
            String relayer,
            Contracts contracts, Accounts accounts, Eip712 eip712,
            @Schema(description = "a JSON-RPC URL of this chain that browsers may read it through (CORS open, and "
                    + "allowed by the web app's Content-Security-Policy): for a user without a wallet; absent when "
                    + "none is configured", format = "uri")
            String publicChainRpcUrl) {

        static NetworkResponse of(NetworkDescription description, URI publicChainRpcUrl) {
            Deployment deployment = description.deployment();
            Eip712Domain consent = Eip712Domain.consentRegistry(deployment.chainId(), deployment.consentRegistry());
            Eip712Domain directory = Eip712Domain.participantDirectory(deployment.chainId(),
                    deployment.participantDirectory());
            SigningSchema emergency = deployment.emergencyAccess()
                    .map(address -> new SigningSchema(DomainJson.of(Eip712Domain.emergencyAccess(deployment.chainId(),
                            address)), members(Eip712Types.emergencyAccess())))
                    .orElse(null);
            return new NetworkResponse(deployment.chainId(), deployment.startBlock(), description.relayer().toString(),
                    new Contracts(deployment.participantDirectory().toString(), deployment.consentRegistry().toString(),
                            deployment.recordRegistry().toString(), deployment.readReceiptRoots().toString(),
                            deployment.emergencyAccess().map(EthAddress::toString).orElse(null)),
                    Accounts.of(description.accounts()),
                    new Eip712(new SigningSchema(DomainJson.of(consent), members(Eip712Types.consentRegistry())),
                            new SigningSchema(DomainJson.of(directory), members(Eip712Types.participantDirectory())),
                            emergency),
                    publicChainRpcUrl == null ? null : publicChainRpcUrl.toString());
        }
    }

    @Schema(requiredProperties = {"participantDirectory", "consentRegistry", "recordRegistry", "readReceiptRoots"})
    record Contracts(@Schema(pattern = ApiPatterns.ADDRESS) String participantDirectory,
            @Schema(pattern = ApiPatterns.ADDRESS) String consentRegistry,
            @Schema(pattern = ApiPatterns.ADDRESS) String recordRegistry,
            @Schema(pattern = ApiPatterns.ADDRESS) String readReceiptRoots,
            @Schema(pattern = ApiPatterns.ADDRESS, description = "absent for a deployment without emergency access")
            String emergencyAccess) {
    }

    @Schema(name = "AccountContracts", requiredProperties = {"factories"},
            description = "Smart-account patients: an ERC-6492 signature whose factory is in factories is relayed "
                    + "through counterfactualAccountRelay, which deploys the account first; any other factory is "
                    + "refused (ACCOUNT-0001). Without counterfactualAccountRelay, factories is empty.")
    record Accounts(
            @ArraySchema(schema = @Schema(pattern = ApiPatterns.ADDRESS)) List<String> factories,
            @Schema(pattern = ApiPatterns.ADDRESS) String counterfactualAccountRelay) {

        static Accounts of(AccountContracts accounts) {
            return new Accounts(accounts.relay().isEmpty() ? List.of()
                    : accounts.factories().stream().map(EthAddress::toString).sorted().toList(),
                    accounts.relay().map(EthAddress::toString).orElse(null));
        }
    }

    @Schema(requiredProperties = {"consentRegistry", "participantDirectory"})
    record Eip712(SigningSchema consentRegistry, SigningSchema participantDirectory,
            @Schema(description = "EmergencySetup, EmergencyRequest, EmergencyApproval and EmergencyClosure; absent "
                    + "for a deployment without emergency access") SigningSchema emergencyAccess) {
    }

    /** A domain and its {@code types}: with a message, exactly the {@code eth_signTypedData_v4} parameter. */
    @Schema(name = "Eip712Schema", requiredProperties = {"domain", "types"})
    record SigningSchema(DomainJson domain,
            @Schema(description = "EIP712Domain and every type the contract verifies, each a list of {name, type}")
            Map<String, List<TypedDataController.TypedDataMember>> types) {
    }

    /** The protocol's type definitions ({@code name} and {@code type} of each member) as their documented records. */
    @SuppressWarnings("unchecked")
    private static Map<String, List<TypedDataController.TypedDataMember>> members(Map<String, Object> types) {
        Map<String, List<TypedDataController.TypedDataMember>> members = new LinkedHashMap<>();
        types.forEach((type, definition) -> members.put(type, ((List<Map<String, Object>>) definition).stream()
                .map(member -> new TypedDataController.TypedDataMember(member.get("name").toString(),
                        member.get("type").toString()))
                .toList()));
        return members;
    }

    @Schema(name = "Eip712Domain", requiredProperties = {"name", "version", "chainId", "verifyingContract"})
    record DomainJson(String name, String version, long chainId,
            @Schema(pattern = ApiPatterns.ADDRESS) String verifyingContract) {

        static DomainJson of(Eip712Domain domain) {
            return new DomainJson(domain.name(), domain.version(), domain.chainId(),
                    domain.verifyingContract().toString());
        }
    }
}
