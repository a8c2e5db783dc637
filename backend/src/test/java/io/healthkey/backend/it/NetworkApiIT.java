package io.healthkey.backend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.web3j.protocol.ObjectMapperFactory;

import io.healthkey.backend.support.BackendITSupport;
import io.healthkey.backend.support.Wallet;

class NetworkApiIT extends BackendITSupport {

    @Test
    void describesTheChainContractsAndEip712DomainsFromTheDeployment() throws Exception {
        JsonNode deployment = ObjectMapperFactory.getObjectMapper().readTree(Files.readString(stack().deploymentFile()));

        http.get().uri("/api/v1/network").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.chainId").isEqualTo(31337)
                .jsonPath("$.contracts.consentRegistry").value(address -> assertThat(((String) address))
                        .isEqualToIgnoringCase(deployment.at("/contracts/ConsentRegistry/address").asText()))
                .jsonPath("$.contracts.participantDirectory").value(address -> assertThat(((String) address))
                        .isEqualToIgnoringCase(deployment.at("/contracts/ParticipantDirectory/address").asText()))
                .jsonPath("$.contracts.recordRegistry").value(address -> assertThat(((String) address))
                        .isEqualToIgnoringCase(deployment.at("/contracts/RecordRegistry/address").asText()))
                .jsonPath("$.eip712.consentRegistry.domain.name").isEqualTo("HealthKey ConsentRegistry")
                .jsonPath("$.eip712.consentRegistry.domain.chainId").isEqualTo(31337)
                .jsonPath("$.eip712.consentRegistry.types.Grant[2].name").isEqualTo("scope")
                .jsonPath("$.eip712.participantDirectory.domain.name").isEqualTo("HealthKey ParticipantDirectory")
                .jsonPath("$.publicChainRpcUrl").doesNotExist();
    }

    @Test
    void healthShowsTheOperatorEveryComponentAndAnyoneElseTheStatusOnly() {
        http.get().uri("/actuator/health").header("Authorization", "Bearer " + SCRAPE_TOKEN).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.chain.status").isEqualTo("UP")
                .jsonPath("$.components.chain.details.chainId").isEqualTo(31337)
                .jsonPath("$.components.ipfs.status").isEqualTo("UP")
                .jsonPath("$.components.database.status").isEqualTo("UP");
        http.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components").doesNotExist()
                .jsonPath("$.details").doesNotExist();
        http.get().uri("/actuator/health/chain").exchange().expectStatus().isNotFound();
        http.get().uri("/actuator/health").header("Authorization", "Bearer " + SCRAPE_TOKEN + "x").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("AUTH-0011");
    }

    @Test
    void publishesOpenApiWithTheApiRoutes() {
        http.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/api/v1/network']").exists()
                .jsonPath("$.paths['/api/v1/grants']").exists()
                .jsonPath("$.paths['/api/v1/revocations']").exists()
                .jsonPath("$.paths['/api/v1/access']").exists();
        http.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
    }

    @Test
    void browserDappsFromAllowedOriginsPassThePreflightAndSeeTheRecordHeaders() {
        http.options().uri("/api/v1/records/0x01/content")
                .header("Origin", "http://localhost:5173")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Access-Control-Allow-Origin", "http://localhost:5173");
        http.get().uri("/api/v1/network").header("Origin", "http://localhost:5173").exchange()
                .expectStatus().isOk()
                .expectHeader().value("Access-Control-Expose-Headers",
                        headers -> org.assertj.core.api.Assertions.assertThat(headers).contains("HealthKey-Wrapped-Key"));
        http.options().uri("/api/v1/records/0x01/content")
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET")
                .exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void unknownRoutesAreClosedToEveryoneWithProblemJsonAndAStableCode() {
        http.get().uri("/api/v1/nothing-here").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("AUTH-0010");
        as(Wallet.create()).get().uri("/api/v1/nothing-here").exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("AUTH-0013")
                .jsonPath("$.status").isEqualTo(403);
    }
}
