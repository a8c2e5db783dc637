package io.healthkey.backend.adapter.inbound.web;

import org.junit.jupiter.api.Test;

import io.healthkey.protocol.eip712.Eip712Domain;

/** GET /network: what a dApp configures itself from, without a session. */
class NetworkControllerSliceTest extends WebSliceTest {

    @Test
    void theNetworkNamesTheChainContractsRelayerAndSigningDomains() {
        var deployment = WebSliceBeans.DEPLOYMENT;

        http.get().uri("/api/v1/network").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.chainId").isEqualTo(31337)
                .jsonPath("$.startBlock").isEqualTo(7)
                .jsonPath("$.relayer").isEqualTo(WebSliceBeans.RELAYER.toString())
                .jsonPath("$.contracts.consentRegistry").isEqualTo(deployment.consentRegistry().toString())
                .jsonPath("$.contracts.participantDirectory").isEqualTo(deployment.participantDirectory().toString())
                .jsonPath("$.contracts.recordRegistry").isEqualTo(deployment.recordRegistry().toString())
                .jsonPath("$.contracts.readReceiptRoots").isEqualTo(deployment.readReceiptRoots().toString())
                .jsonPath("$.eip712.consentRegistry.domain.name").isEqualTo(Eip712Domain.CONSENT_REGISTRY)
                .jsonPath("$.eip712.consentRegistry.domain.verifyingContract")
                .isEqualTo(deployment.consentRegistry().toString())
                .jsonPath("$.eip712.consentRegistry.types.Grant").isArray()
                .jsonPath("$.eip712.participantDirectory.domain.name").isEqualTo(Eip712Domain.PARTICIPANT_DIRECTORY)
                .jsonPath("$.eip712.participantDirectory.domain.chainId").isEqualTo(31337)
                .jsonPath("$.publicChainRpcUrl").isEqualTo(PUBLIC_CHAIN_RPC_URL);
    }

    @Test
    void theAbisAreOpenToAnyoneAndTravelEntryForEntryWithoutTheFieldsAnEntryHasNot() {
        http.get().uri("/api/v1/network/abis").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.participantDirectory").isEmpty()
                .jsonPath("$.consentRegistry.length()").isEqualTo(1)
                .jsonPath("$.consentRegistry[0].type").isEqualTo("event")
                .jsonPath("$.consentRegistry[0].name").isEqualTo("AccessGranted")
                .jsonPath("$.consentRegistry[0].anonymous").isEqualTo(false)
                .jsonPath("$.consentRegistry[0].inputs[1].name").isEqualTo("scope")
                .jsonPath("$.consentRegistry[0].inputs[1].indexed").isEqualTo(true)
                .jsonPath("$.consentRegistry[0].inputs[2].indexed").isEqualTo(false)
                .jsonPath("$.consentRegistry[0].outputs").doesNotExist()
                .jsonPath("$.consentRegistry[0].stateMutability").doesNotExist()
                .jsonPath("$.consentRegistry[0].inputs[0].components").doesNotExist();
    }
}
