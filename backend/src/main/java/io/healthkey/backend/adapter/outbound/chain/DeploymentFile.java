package io.healthkey.backend.adapter.outbound.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.web3j.protocol.ObjectMapperFactory;

import io.healthkey.backend.domain.account.AccountContracts;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.protocol.EthAddress;

/** Reads {@code deployments/<chainId>.json} as {@code scripts/deploy.js} writes it, applying overrides. */
final class DeploymentFile {

    private DeploymentFile() {
    }

    static Deployment read(Path file, ChainProperties.Contracts overrides) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Deployment file not found: " + file.toAbsolutePath()
                    + " (run scripts/deploy.sh, or set healthkey.chain.deployment-file)");
        }
        try {
            JsonNode root = ObjectMapperFactory.getObjectMapper().readTree(file.toFile());
            JsonNode contracts = root.path("contracts");
            return new Deployment(
                    required(root, "chainId").asLong(),
                    root.path("startBlock").asLong(0),
                    address(overrides.participantDirectory(), contracts, "ParticipantDirectory"),
                    address(overrides.consentRegistry(), contracts, "ConsentRegistry"),
                    address(overrides.recordRegistry(), contracts, "RecordRegistry"),
                    address(overrides.readReceiptRoots(), contracts, "ReadReceiptRoots"),
                    optionalAddress(contracts, "EmergencyAccess"));
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable deployment file " + file, e);
        }
    }

    /**
     * The smart-account contracts, when the deployment has them: {@code PasskeyAccountFactory} is the one factory
     * the relayer deploys accounts through.
     */
    static AccountContracts readAccounts(Path file) {
        try {
            JsonNode contracts = ObjectMapperFactory.getObjectMapper().readTree(file.toFile()).path("contracts");
            JsonNode factory = contracts.path("PasskeyAccountFactory").path("address");
            JsonNode relay = contracts.path("CounterfactualAccountRelay").path("address");
            if (factory.isMissingNode() || relay.isMissingNode()) {
                return AccountContracts.NONE;
            }
            return new AccountContracts(Set.of(EthAddress.parse(factory.asText())),
                    Optional.of(EthAddress.parse(relay.asText())));
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable deployment file " + file, e);
        }
    }

    private static EthAddress address(String override, JsonNode contracts, String name) {
        String value = override != null ? override : required(contracts.path(name), "address").asText();
        return EthAddress.parse(value);
    }

    /** A contract a deployment may lack (one from before it existed): {@code scripts/deploy.js} omits it then. */
    private static Optional<EthAddress> optionalAddress(JsonNode contracts, String name) {
        JsonNode address = contracts.path(name).path("address");
        return address.isTextual() ? Optional.of(EthAddress.parse(address.asText())) : Optional.empty();
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalStateException("Deployment file lacks '" + field + "'");
        }
        return value;
    }
}
