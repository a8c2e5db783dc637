package io.healthkey.protocol.eip712;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.InvalidValueException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShareTransferMessageTest {

    private static final EncryptionPublicKey KEY = EncryptionPublicKey.of(Eip712Fixtures.PATIENT_KEY);

    private static ShareTransferMessage message(byte[] share) {
        return new ShareTransferMessage(Bytes32.ZERO, Eip712Fixtures.PATIENT, Eip712Fixtures.GRANTEE, KEY, share,
                Instant.ofEpochMilli(1_800_000_000_999L));
    }

    @Test
    void hasTheDocumentedTypeAndIsSignedByTheGuardian() {
        ShareTransferMessage message = message(new byte[130]);

        assertThat(message.encodeType()).isEqualTo("ShareTransfer(bytes32 kitId,address patient,address guardian,"
                + "bytes recipientPublicKey,bytes share,uint256 deadline)");
        assertThat(message.requiredSigner()).isEqualTo(Eip712Fixtures.GRANTEE);
        assertThat(message.deadline()).isEqualTo(Instant.ofEpochSecond(1_800_000_000L));
        assertThat(Eip712Types.recovery()).containsOnlyKeys("EIP712Domain", "ShareTransfer");
        assertThat((List<?>) Eip712Types.recovery().get("ShareTransfer")).hasSize(6)
                .first().isEqualTo(Map.of("name", "kitId", "type", "bytes32"));
    }

    @Test
    void isSignedOnlyInTheRecoveryDomain() {
        ShareTransferMessage message = message(new byte[130]);

        assertThat(TypedData.of(Eip712Domain.recovery(1, Eip712Fixtures.PATIENT), message).domain().name())
                .isEqualTo("HealthKey Recovery");
        assertThatThrownBy(() -> TypedData.of(Eip712Domain.consentRegistry(1, Eip712Fixtures.PATIENT), message))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void refusesAShareOfAnotherLengthAndAGuardianThatIsThePatient() {
        assertThatThrownBy(() -> message(new byte[129])).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new ShareTransferMessage(Bytes32.ZERO, Eip712Fixtures.PATIENT, Eip712Fixtures.PATIENT,
                KEY, new byte[130], Instant.EPOCH)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void keepsItsShareFromOutsideChanges() {
        byte[] share = new byte[130];
        ShareTransferMessage message = message(share);
        share[0] = 1;
        message.share()[1] = 1;

        assertThat(message.share()).isEqualTo(new byte[130]);
        assertThat(message).isEqualTo(message(new byte[130]));
    }
}
