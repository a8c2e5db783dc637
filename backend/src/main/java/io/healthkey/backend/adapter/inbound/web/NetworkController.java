package io.healthkey.backend.adapter.inbound.web;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.healthkey.backend.application.network.DescribeNetworkUseCase;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.domain.network.NetworkDescription;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.Eip712Types;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Network", description = "What a dApp needs to configure itself")
class NetworkController {

    private final NetworkResponse response;

    NetworkController(DescribeNetworkUseCase network) {
        this.response = NetworkResponse.of(network.describe());
    }

    @GetMapping("/network")
    @Operation(summary = "Chain id, contract addresses, relayer, and the EIP-712 domains and types to sign with")
    NetworkResponse network() {
        return response;
    }

    record NetworkResponse(long chainId, long startBlock, String relayer, Contracts contracts, Eip712 eip712) {

        static NetworkResponse of(NetworkDescription description) {
            Deployment deployment = description.deployment();
            Eip712Domain consent = Eip712Domain.consentRegistry(deployment.chainId(), deployment.consentRegistry());
            Eip712Domain directory = Eip712Domain.participantDirectory(deployment.chainId(),
                    deployment.participantDirectory());
            return new NetworkResponse(deployment.chainId(), deployment.startBlock(), description.relayer().toString(),
                    new Contracts(deployment.participantDirectory().toString(), deployment.consentRegistry().toString(),
                            deployment.recordRegistry().toString(), deployment.readReceiptRoots().toString()),
                    new Eip712(new Schema(DomainJson.of(consent), Eip712Types.consentRegistry()),
                            new Schema(DomainJson.of(directory), Eip712Types.participantDirectory())));
        }
    }

    record Contracts(String participantDirectory, String consentRegistry, String recordRegistry,
            String readReceiptRoots) {
    }

    record Eip712(Schema consentRegistry, Schema participantDirectory) {
    }

    /** A domain and its {@code types}: with a message, exactly the {@code eth_signTypedData_v4} parameter. */
    record Schema(DomainJson domain, Map<String, Object> types) {
    }

    record DomainJson(String name, String version, long chainId, String verifyingContract) {

        static DomainJson of(Eip712Domain domain) {
            return new DomainJson(domain.name(), domain.version(), domain.chainId(),
                    domain.verifyingContract().toString());
        }
    }
}
