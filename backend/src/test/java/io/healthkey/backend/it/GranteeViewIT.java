package io.healthkey.backend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.web3j.protocol.Web3j;

import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.support.ApiClient;
import io.healthkey.backend.support.BackendITSupport;
import io.healthkey.backend.support.Loopback;
import io.healthkey.backend.support.Providers;
import io.healthkey.backend.support.Wallet;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.Scope;

/**
 * The grantee's view and the provider directory on the real chain, read from the event index: a clinician sees the
 * grant a patient made it, with scope and expiry, and exactly the records it covers; the revocation takes both away;
 * nobody else lists them; the directory lists an accredited provider with its published key until it is suspended.
 */
class GranteeViewIT extends BackendITSupport {

    private static final Duration INDEXED = Duration.ofSeconds(30);

    @Autowired
    Web3j web3j;
    @Autowired
    Deployment deployment;

    @Test
    void theClinicianSeesThePatientsGrantAndTheRecordsItCoversUntilRevoked() {
        ApiClient patient = client(Wallet.create());
        ApiClient clinician = client(Wallet.create());
        patient.publishEncryptionKey();
        clinician.publishEncryptionKey();
        ApiClient.UploadedRecord observation = patient.uploadOwnRecord(Category.OBSERVATION.code(),
                "{\"resourceType\":\"Observation\"}".getBytes(StandardCharsets.UTF_8));
        ApiClient.UploadedRecord condition = patient.uploadOwnRecord(Category.CONDITION.code(),
                "{\"resourceType\":\"Condition\"}".getBytes(StandardCharsets.UTF_8));
        patient.grant(clinician.address(), Scope.of(Category.OBSERVATION), Action.READ,
                Map.of(observation.id(), patient.rewrapFor(observation.id(), clinician.encryptionKey())));

        String grantsPath = "/api/v1/grantees/" + clinician.address() + "/grants";
        List<Map<String, Object>> grants = awaitList(clinician, grantsPath, list -> !list.isEmpty());
        assertThat(grants).singleElement().satisfies(grant -> {
            assertThat(grant.get("patient")).isEqualTo(patient.address().toString());
            assertThat(grant.get("scope")).isEqualTo(Scope.of(Category.OBSERVATION).toBytes32().toHex());
            assertThat(grant.get("action")).isEqualTo("READ");
            assertThat(grant.get("expiresAt")).isNotNull();
            assertThat(grant.get("grantedAt")).isNotNull();
        });
        String recordsPath = (String) grants.get(0).get("recordsUrl");
        assertThat(clinician.list(recordsPath)).extracting(record -> record.get("recordId"))
                .containsExactly(observation.id().toHex())
                .doesNotContain(condition.id().toHex());
        clinician.readAndDecrypt(observation.id());

        patient.http().get().uri(grantsPath).exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("AUDIT-0003");
        patient.http().get().uri(recordsPath).exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("AUDIT-0003");

        patient.revoke(clinician.address(), Scope.of(Category.OBSERVATION), Action.READ);
        awaitList(clinician, grantsPath, List::isEmpty);
        assertThat(clinician.list(recordsPath)).isEmpty();
    }

    @Test
    void theDirectoryListsAnAccreditedProviderWithItsKeyUntilItIsSuspended() {
        ApiClient provider = client(Wallet.create());
        ApiClient patient = client(Wallet.create());
        Providers accreditor = Providers.asDeployer(web3j, deployment);
        String search = "/api/v1/providers?search=" + provider.address().toString().substring(0, 14);

        accreditor.accredit(provider.address());
        provider.publishEncryptionKey();
        List<Map<String, Object>> listed = awaitList(patient, search, list -> !list.isEmpty());
        assertThat(listed).singleElement().satisfies(entry -> {
            assertThat(entry.get("address")).isEqualTo(provider.address().toString());
            assertThat(entry.get("name")).isEqualTo("Test clinic " + provider.address());
            assertThat(entry.get("encryptionKey")).isEqualTo(provider.encryptionKey().publicKey().toHex());
            assertThat(entry.get("accreditedFor")).isEqualTo(List.of("WRITE"));
        });

        accreditor.suspend(provider.address());
        awaitList(patient, search, List::isEmpty);
        accreditor.reinstate(provider.address());
        awaitList(patient, search, list -> list.size() == 1);

        patient.http().get().uri("/api/v1/providers?search=<b>").exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("DIRECTORY-0010");
    }

    /** The list at {@code path} once it satisfies {@code until}: the index follows the chain a little behind. */
    private static List<Map<String, Object>> awaitList(ApiClient client, String path,
            Predicate<List<Map<String, Object>>> until) {
        long deadline = System.nanoTime() + INDEXED.toNanos();
        while (true) {
            List<Map<String, Object>> list = client.list(path);
            if (until.test(list) || System.nanoTime() > deadline) {
                assertThat(until.test(list)).as("%s within %s: %s", path, INDEXED, list).isTrue();
                return list;
            }
            Loopback.sleep(Duration.ofMillis(200));
        }
    }
}
