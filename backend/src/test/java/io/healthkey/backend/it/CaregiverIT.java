package io.healthkey.backend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import io.healthkey.backend.support.ApiClient;
import io.healthkey.backend.support.BackendITSupport;
import io.healthkey.backend.support.CaregiverRequests;
import io.healthkey.backend.support.Loopback;
import io.healthkey.backend.support.Wallet;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.CaregiverPowers;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.CaregiverGrantMessage;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.TypedData;
import io.healthkey.protocol.keywrap.EciesKeyWrap;
import io.healthkey.protocol.keywrap.WrappedKey;

/**
 * Issue 15's caregiver, on the real chain and Kubo: a parent appointed for a child's observations grants a
 * paediatrician and gives it the record key it re-wrapped, and the paediatrician reads and decrypts; the parent
 * reads; the patient revokes the parent, and the paediatrician's grant made by the parent ends with it, denied from
 * the revocation's 202 by reads and, once final, by {@code GET /api/v1/access}; the patient's
 * audit shows every caregiver action by its actor. A caregiver outside its powers, and one revoked, are refused
 * with their codes before any transaction; a replayed, forged or cross-chain caregiver signature by the chain's
 * simulation, and nothing is stored.
 */
class CaregiverIT extends BackendITSupport {

    private static final Duration INDEXED_WITHIN = Duration.ofSeconds(30);

    @Test
    void aParentGrantsAPaediatricianWhoseGrantEndsWithTheParent() {
        ApiClient child = client(Wallet.create());
        ApiClient parent = client(Wallet.create());
        ApiClient paediatrician = client(Wallet.create());
        for (ApiClient account : List.of(child, parent, paediatrician)) {
            account.publishEncryptionKey();
        }
        byte[] growthChart = "{\"resourceType\":\"Observation\",\"code\":{\"text\":\"height\"}}"
                .getBytes(StandardCharsets.UTF_8);
        ApiClient.UploadedRecord record = child.uploadOwnRecord(Category.OBSERVATION.code(), growthChart);
        Scope observations = Scope.of(Category.OBSERVATION);
        Instant parentUntil = Instant.now().plus(Duration.ofDays(365));

        child.awaitConfirmed(ApiClient.accepted(child.post("/api/v1/caregivers/appointments",
                CaregiverRequests.appointment(child, child.address(), parent.address(), List.of(observations),
                        CaregiverPowers.READ | CaregiverPowers.GRANT_REVOKE, parentUntil,
                        Map.of(record.id(), wrap(record, parent))))));
        assertThat(parent.readAndDecrypt(record.id()).plaintext()).as("the parent reads").isEqualTo(growthChart);

        WrappedKey forPaediatrician = parent.rewrapFor(record.id(), paediatrician.encryptionKey());
        parent.awaitConfirmed(ApiClient.accepted(parent.post("/api/v1/caregivers/grants", CaregiverRequests.grant(
                parent, child.address(), paediatrician.address(), observations, Action.READ,
                parentUntil.minus(Duration.ofDays(1)), Map.of()))));
        parent.post("/api/v1/records/" + record.id().toHex() + "/keys", Map.of("reader",
                paediatrician.address().toString(), "wrappedKey", forPaediatrician.toHex()))
                .expectStatus().isNoContent();
        assertThat(paediatrician.readAndDecrypt(record.id()).plaintext()).as("the paediatrician reads, byte for byte")
                .isEqualTo(growthChart);
        assertThat(access(paediatrician, child, record.id())).isTrue();

        String revocation = ApiClient.accepted(child.post("/api/v1/caregivers/revocations",
                CaregiverRequests.revocation(child, parent.address())));
        for (ApiClient revoked : List.of(paediatrician, parent)) { // from the 202, before the request is final
            revoked.http().get().uri("/api/v1/records/{id}/content", record.id().toHex()).exchange()
                    .expectStatus().isForbidden();
        }
        child.awaitConfirmed(revocation);

        paediatrician.http().get().uri("/api/v1/records/{id}/content", record.id().toHex()).exchange()
                .expectStatus().isForbidden();
        parent.http().get().uri("/api/v1/records/{id}/content", record.id().toHex()).exchange()
                .expectStatus().isForbidden();
        assertThat(access(paediatrician, child, record.id())).as("GET /api/v1/access").isFalse();
        assertThat(access(parent, child, record.id())).isFalse();
        assertThat(child.readAndDecrypt(record.id()).plaintext()).isEqualTo(growthChart);

        List<Map<String, Object>> actions = awaitActions(child, 3);
        assertThat(actions).extracting(action -> action.get("kind"), action -> action.get("by")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("CAREGIVER_REVOKED", child.address().toString()),
                org.assertj.core.groups.Tuple.tuple("GRANTED", parent.address().toString()),
                org.assertj.core.groups.Tuple.tuple("APPOINTED", child.address().toString()));
        List<Map<String, Object>> consents = child.list("/api/v1/patients/" + child.address() + "/consents");
        assertThat(consents).anySatisfy(change -> assertThat(change)
                .containsEntry("grantee", paediatrician.address().toString())
                .containsEntry("byCaregiver", parent.address().toString()));
        assertThat(child.list("/api/v1/patients/" + child.address() + "/caregivers")).singleElement()
                .satisfies(caregiver -> assertThat(caregiver).containsEntry("status", "REVOKED")
                        .containsEntry("caregiver", parent.address().toString()));
        assertThat(parent.list("/api/v1/caregivers/" + parent.address() + "/patients")).singleElement()
                .satisfies(patient -> assertThat(patient).containsEntry("patient", child.address().toString()));
    }

    @Test
    void aCaregiverOutsideItsPowersOrRevokedIsRefusedBeforeAnyTransaction() {
        ApiClient child = client(Wallet.create());
        ApiClient grandparent = client(Wallet.create());
        Wallet dentist = Wallet.create();
        Scope observations = Scope.of(Category.OBSERVATION);
        Instant until = Instant.now().plus(Duration.ofDays(30));
        child.awaitConfirmed(ApiClient.accepted(child.post("/api/v1/caregivers/appointments",
                CaregiverRequests.appointment(child, child.address(), grandparent.address(), List.of(observations),
                        CaregiverPowers.READ, until, Map.of()))));

        assertCode(grandparent.post("/api/v1/caregivers/grants", CaregiverRequests.grant(grandparent,
                child.address(), dentist.address(), observations, Action.READ, until, Map.of())), 403,
                "CAREGIVER-0005");
        assertCode(grandparent.post("/api/v1/caregivers/appointments", CaregiverRequests.appointment(grandparent,
                child.address(), dentist.address(), List.of(observations), CaregiverPowers.READ, until, Map.of())),
                403, "CAREGIVER-0005");

        child.awaitConfirmed(ApiClient.accepted(child.post("/api/v1/caregivers/revocations",
                CaregiverRequests.revocation(child, grandparent.address()))));
        assertCode(grandparent.post("/api/v1/caregivers/grant-revocations", CaregiverRequests.grantRevocation(
                grandparent, child.address(), dentist.address(), observations, Action.READ)), 403, "CAREGIVER-0004");
        assertCode(child.post("/api/v1/caregivers/revocations", CaregiverRequests.revocation(child,
                grandparent.address())), 404, "CAREGIVER-0008");
    }

    @Test
    void aReplayedForgedOrCrossChainCaregiverSignatureIsRefusedWithItsCodeAndChangesNothing() {
        ApiClient child = client(Wallet.create());
        Wallet parentWallet = Wallet.create();
        ApiClient parent = client(parentWallet);
        Wallet stranger = Wallet.create();
        EthAddress dentist = Wallet.create().address();
        Scope observations = Scope.of(Category.OBSERVATION);
        Instant until = Instant.now().plus(Duration.ofDays(30));
        child.awaitConfirmed(ApiClient.accepted(child.post("/api/v1/caregivers/appointments",
                CaregiverRequests.appointment(child, child.address(), parent.address(), List.of(observations),
                        CaregiverPowers.READ | CaregiverPowers.GRANT_REVOKE, until, Map.of()))));
        Map<String, Object> grant = CaregiverRequests.grant(parent, child.address(), dentist, observations,
                Action.READ, until, Map.of());
        parent.awaitConfirmed(ApiClient.accepted(parent.post("/api/v1/caregivers/grants", grant)));

        assertCode(parent.post("/api/v1/caregivers/grants", grant), 409, "CONSENT-0003");

        Map<String, Object> next = CaregiverRequests.grant(parent, child.address(), dentist, observations,
                Action.READ, until.minusSeconds(60), Map.of());
        CaregiverGrantMessage message = message(parent, child, dentist, observations, next);
        Eip712Domain here = Eip712Domain.consentRegistry(CHAIN_ID, consentRegistry());
        Map<String, Object> forged = new java.util.HashMap<>(next);
        CaregiverGrantMessage sameTermsByStranger = new CaregiverGrantMessage(stranger.address(), message.grant());
        forged.put("signature", stranger.signer().sign(TypedData.of(here, sameTermsByStranger)).toHex());
        assertCode(parent.post("/api/v1/caregivers/grants", forged), 422, "CONSENT-0001");
        Map<String, Object> otherChain = new java.util.HashMap<>(next);
        otherChain.put("signature", parentWallet.signer().sign(TypedData.of(
                Eip712Domain.consentRegistry(1, consentRegistry()), message)).toHex());
        assertCode(parent.post("/api/v1/caregivers/grants", otherChain), 422, "CONSENT-0001");
        assertThat(ApiClient.accepted(parent.post("/api/v1/caregivers/grants", next)))
                .as("the genuine message, refused copies notwithstanding").isNotBlank();
    }

    private static CaregiverGrantMessage message(ApiClient caregiver, ApiClient patient, EthAddress grantee,
            Scope scope, Map<String, Object> body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) body.get("grant");
        return CaregiverGrantMessage.of(caregiver.address(), patient.address(), grantee, scope, Action.READ,
                Purpose.TREAT, Instant.ofEpochSecond(Long.parseLong((String) fields.get("expiresAt"))),
                new BigInteger((String) fields.get("nonce")),
                Instant.ofEpochSecond(Long.parseLong((String) fields.get("deadline"))));
    }

    private EthAddress consentRegistry() {
        Map<?, ?> network = http.get().uri("/api/v1/network").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        return EthAddress.parse((String) ((Map<?, ?>) network.get("contracts")).get("consentRegistry"));
    }

    private static WrappedKey wrap(ApiClient.UploadedRecord record, ApiClient reader) {
        return new EciesKeyWrap().wrap(record.key(), reader.encryptionKey().publicKey());
    }

    private static boolean access(ApiClient asker, ApiClient patient, RecordId record) {
        Map<?, ?> answer = asker.http().get().uri(uri -> uri.path("/api/v1/access")
                        .queryParam("patient", patient.address()).queryParam("grantee", asker.address())
                        .queryParam("record", record.toHex()).queryParam("action", "READ").build())
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return (Boolean) answer.get("allowed");
    }

    private static List<Map<String, Object>> awaitActions(ApiClient patient, int count) {
        Instant giveUp = Instant.now().plus(INDEXED_WITHIN);
        while (true) {
            List<Map<String, Object>> actions = patient.list("/api/v1/patients/" + patient.address()
                    + "/caregiver-actions");
            if (actions.size() >= count || Instant.now().isAfter(giveUp)) {
                return actions;
            }
            Loopback.sleep(Duration.ofMillis(200));
        }
    }

    private static void assertCode(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response,
            int status, String code) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo(code);
    }
}
