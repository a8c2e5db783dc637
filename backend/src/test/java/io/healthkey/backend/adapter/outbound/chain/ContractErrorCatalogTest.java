package io.healthkey.backend.adapter.outbound.chain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContractErrorCatalogTest {

    private final ContractErrorCatalog catalog = ContractErrorCatalog.fromClasspath();

    @Test
    void everyErrorTheContractsRaiseOnPurposeHasADomainCode() {
        var unmapped = catalog.all().stream()
                .map(ContractError::name)
                .filter(ContractErrorCodes::isRaisedOnPurpose)
                .filter(name -> ContractErrorCodes.forError(name).isEmpty())
                .toList();

        assertThat(unmapped).isEmpty();
    }

    @Test
    void readsTheErrorsDeclaredInEachInterface() {
        assertThat(catalog.all()).extracting(ContractError::name).contains(
                "ConsentRegistryInvalidSigner", "ParticipantDirectoryInvalidKey", "RecordRegistryIdTaken",
                "AccessControlUnauthorizedAccount", "EmergencyAccessAlreadyApproved", "EmergencyAccessNotKeyholder");
    }
}
