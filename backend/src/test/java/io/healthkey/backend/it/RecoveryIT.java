package io.healthkey.backend.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.support.ApiClient;
import io.healthkey.backend.support.BackendITSupport;
import io.healthkey.backend.support.GuardianKeyRecovery;
import io.healthkey.backend.support.Wallet;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.ProtocolException;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.passkey.PasskeyEncryptionKeys;
import io.healthkey.protocol.passkey.SoftwarePrfAuthenticator;
import io.healthkey.protocol.recovery.RecoveryKit;

/**
 * Guardian recovery against the real chain and Kubo: a patient whose encryption key comes from its passkey (PRF)
 * stores a kit for three guardians as an anchored record, loses the key, asks with a new device key; one guardian
 * alone gives nothing back, two do, and the patient's client rebuilds the key and reads a record it uploaded
 * before. Forged, replayed and foreign transfers are refused; the recovery log shows every accepted step.
 */
class RecoveryIT extends BackendITSupport {

    private static final byte[] OBSERVATION = "{\"resourceType\":\"Observation\",\"status\":\"final\"}"
            .getBytes(StandardCharsets.UTF_8);

    @Autowired
    Deployment deployment;

    private final GuardianKeyRecovery keyRecovery = new GuardianKeyRecovery(CHAIN_ID);

    @Test
    void twoOfThreeGuardiansGiveThePasskeyPatientItsKeyBackAndItReadsAnEarlierRecord() {
        ApiClient patient = client(passkeyPatient(SoftwarePrfAuthenticator.newPasskey()));
        ApiClient.UploadedRecord earlier = patient.uploadOwnRecord(2, OBSERVATION);
        List<ApiClient> guardians = List.of(client(Wallet.create()), client(Wallet.create()), client(Wallet.create()));
        guardians.forEach(ApiClient::publishEncryptionKey);
        RecoveryKit kit = storeKit(patient, guardians);

        EncryptionPrivateKey device = EncryptionPrivateKey.generate();
        Map<?, ?> request = patient.post("/api/v1/recovery/requests", Map.of("devicePublicKey",
                device.publicKey().toHex())).expectStatus().isCreated().expectBody(Map.class).returnResult()
                .getResponseBody();
        String id = (String) request.get("id");
        assertThat(request.get("kitId")).isEqualTo(kit.kitId().toHex());
        assertThat(guardians.get(0).list("/api/v1/recovery/guardian-requests"))
                .extracting(open -> open.get("id")).containsExactly(id);

        transfer(guardians.get(0), id, device.publicKey(), domain()).expectStatus().isCreated();
        assertThatThrownBy(() -> keyRecovery.recover(patient, id, kit, device)).as("one guardian alone")
                .isInstanceOf(ProtocolException.class);

        transfer(guardians.get(1), id, device.publicKey(), domain()).expectStatus().isCreated();
        EncryptionPrivateKey recovered = keyRecovery.recover(patient, id, kit, device);

        assertThat(recovered).isEqualTo(patient.wallet().encryptionKey());
        assertThat(GuardianKeyRecovery.readWith(patient, earlier.id(), recovered)).isEqualTo(OBSERVATION);
        assertThat(patient.list("/api/v1/patients/" + patient.address() + "/recovery-log"))
                .extracting(event -> event.get("kind") + " " + event.get("actor"))
                .containsExactly("SHARE_TRANSFERRED " + guardians.get(1).address(),
                        "KIT_FETCHED " + guardians.get(1).address(),
                        "SHARE_TRANSFERRED " + guardians.get(0).address(),
                        "KIT_FETCHED " + guardians.get(0).address(),
                        "REQUESTED " + patient.address());
        assertThat(patient.list("/api/v1/patients/" + patient.address() + "/recovery-log"))
                .allSatisfy(event -> assertThat(event).containsOnlyKeys("requestId", "kind", "actor",
                        "devicePublicKey", "at").containsEntry("devicePublicKey", device.publicKey().toHex()));
    }

    @Test
    void forgedReplayedForeignAndCrossChainTransfersAreRefusedAndChangeNothing() {
        ApiClient patient = client(Wallet.create());
        List<ApiClient> guardians = List.of(client(Wallet.create()), client(Wallet.create()));
        guardians.forEach(ApiClient::publishEncryptionKey);
        storeKit(patient, guardians);
        EncryptionPrivateKey device = EncryptionPrivateKey.generate();
        String id = (String) patient.post("/api/v1/recovery/requests", Map.of("devicePublicKey",
                device.publicKey().toHex())).expectStatus().isCreated().expectBody(Map.class).returnResult()
                .getResponseBody().get("id");
        ApiClient stranger = client(Wallet.create());

        assertProblem(transfer(guardians.get(0), id, device.publicKey(), Eip712Domain.recovery(1,
                deployment.recordRegistry())), 422, "RECOVERY-0010");
        assertProblem(transfer(guardians.get(0), id, EncryptionPrivateKey.generate().publicKey(), domain()), 422,
                "RECOVERY-0008");
        assertProblem(stranger.post("/api/v1/recovery/requests/" + id + "/transfers", Map.of("transfer",
                Map.of(), "signature", "0x")), 422, "REQUEST-0002");
        Map<String, Object> genuine = guardians.get(0).signedShareTransfer(id, device.publicKey(), domain());
        assertProblem(stranger.post("/api/v1/recovery/requests/" + id + "/transfers", genuine), 403,
                "RECOVERY-0006");
        guardians.get(0).post("/api/v1/recovery/requests/" + id + "/transfers", genuine).expectStatus().isCreated();
        assertProblem(guardians.get(0).post("/api/v1/recovery/requests/" + id + "/transfers", genuine), 409,
                "RECOVERY-0007");

        assertThat(patient.list("/api/v1/recovery/requests/" + id + "/transfers")).hasSize(1);
        assertProblem(stranger.http().get().uri("/api/v1/recovery/requests/" + id).exchange(), 404, "RECOVERY-0004");
    }

    /** A passkey patient: a wallet key for signing in, the encryption key from the passkey's PRF for its account. */
    private static Wallet passkeyPatient(SoftwarePrfAuthenticator passkey) {
        try {
            ECKeyPair account = Keys.createEcKeyPair();
            EthAddress address = EthAddress.parse("0x" + Keys.getAddress(account));
            return new Wallet(account, PasskeyEncryptionKeys.derive(passkey.evaluate(PasskeyEncryptionKeys.prfInput()),
                    CHAIN_ID, address));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private RecoveryKit storeKit(ApiClient patient, List<ApiClient> guardians) {
        return keyRecovery.storeKit(patient, guardians, 2);
    }

    /** What a guardian's client does: fetch the kit, re-wrap its share for the device, sign, send. */
    private static WebTestClient.ResponseSpec transfer(ApiClient guardian, String id, EncryptionPublicKey recipient,
            Eip712Domain domain) {
        return guardian.post("/api/v1/recovery/requests/" + id + "/transfers",
                guardian.signedShareTransfer(id, recipient, domain));
    }

    private Eip712Domain domain() {
        return Eip712Domain.recovery(deployment.chainId(), deployment.recordRegistry());
    }

    private static void assertProblem(WebTestClient.ResponseSpec response, int status, String code) {
        response.expectStatus().isEqualTo(status).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo(code);
    }
}
