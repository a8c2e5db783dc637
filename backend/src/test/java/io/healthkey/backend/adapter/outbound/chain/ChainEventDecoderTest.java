package io.healthkey.backend.adapter.outbound.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.protocol.core.methods.response.Log;

import io.healthkey.backend.adapter.outbound.chain.contracts.ConsentRegistry;
import io.healthkey.backend.adapter.outbound.chain.contracts.ParticipantDirectory;
import io.healthkey.backend.domain.directory.ProviderStatus;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;

/** Logs as the node returns them, built by hand from the ABI: decoded fields, and logs that must be ignored. */
class ChainEventDecoderTest {

    private static final EthAddress DIRECTORY = EthAddress.parse("0x5fbdb2315678afecb367f032d93f642f64180aa3");
    private static final EthAddress CONSENT = EthAddress.parse("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512");
    private static final EthAddress RECORDS = EthAddress.parse("0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0");
    private static final EthAddress PATIENT = EthAddress.parse("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
    private static final EthAddress GRANTEE = EthAddress.parse("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65");
    private static final String SCOPE = "0x" + "00".repeat(31) + "02";
    private static final String BLOCK_HASH = "0x" + "ab".repeat(32);
    private static final String TX_HASH = "0x" + "cd".repeat(32);
    private static final long BLOCK_TIME = 1_795_651_200L;

    private final ChainEventDecoder decoder = new ChainEventDecoder(new Deployment(31337, 1, DIRECTORY, CONSENT,
            RECORDS, EthAddress.parse("0x" + "44".repeat(20))));

    @Test
    void decodesAGrantWithItsKeyTermsAndPlace() {
        String data = "0x" + TypeEncoder.encode(new Uint8(1)) + TypeEncoder.encode(new Uint16(3))
                + TypeEncoder.encode(new Uint64(BigInteger.valueOf(1_800_000_000L)));
        Log log = log(CONSENT, List.of(EventEncoder.encode(ConsentRegistry.ACCESSGRANTED_EVENT), word(PATIENT),
                word(GRANTEE), SCOPE), data);

        var event = (ChainEvent.Consent) decoder.decode(log, BLOCK_TIME).orElseThrow();

        assertThat(event.key()).isEqualTo(new ChainEvent.GrantKey(PATIENT, GRANTEE, Bytes32.parse(SCOPE), 1));
        assertThat(event.purpose()).isEqualTo(3);
        assertThat(event.expiresAt()).isEqualTo(1_800_000_000L);
        assertThat(event.revoked()).isFalse();
        assertThat(event.at().blockNumber()).isEqualTo(7);
        assertThat(event.at().logIndex()).isEqualTo(2);
        assertThat(event.at().blockHash()).isEqualTo(BLOCK_HASH);
        assertThat(event.at().transactionHash()).isEqualTo(TX_HASH);
        assertThat(event.at().blockTime()).isEqualTo(BLOCK_TIME);
    }

    @Test
    void clampsAnExpiryBeyondLongToItsMaximum() {
        String data = "0x" + TypeEncoder.encode(new Uint8(1)) + TypeEncoder.encode(new Uint16(1))
                + TypeEncoder.encode(new Uint64(BigInteger.TWO.pow(64).subtract(BigInteger.ONE)));
        Log log = log(CONSENT, List.of(EventEncoder.encode(ConsentRegistry.ACCESSGRANTED_EVENT), word(PATIENT),
                word(GRANTEE), SCOPE), data);
        assertThat(((ChainEvent.Consent) decoder.decode(log, BLOCK_TIME).orElseThrow()).expiresAt())
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void decodesASuspensionWithItsReason() {
        Log log = log(DIRECTORY, List.of(EventEncoder.encode(ParticipantDirectory.PROVIDERSUSPENDED_EVENT),
                word(GRANTEE)), "0x" + TypeEncoder.encode(new Uint16(4)));
        var event = (ChainEvent.Provider) decoder.decode(log, BLOCK_TIME).orElseThrow();
        assertThat(event.provider()).isEqualTo(GRANTEE);
        assertThat(event.status()).isEqualTo(ProviderStatus.SUSPENDED);
        assertThat(event.reason()).isEqualTo(4);
    }

    @Test
    void ignoresAnEventFromTheWrongContractAndEventsItDoesNotFollow() {
        Log revokedByDirectory = log(DIRECTORY, List.of(EventEncoder.encode(ConsentRegistry.ACCESSREVOKED_EVENT),
                word(PATIENT), word(GRANTEE), SCOPE), "0x" + TypeEncoder.encode(new Uint8(1)));
        assertThat(decoder.decode(revokedByDirectory, BLOCK_TIME)).isEmpty();
        Log domainChanged = log(CONSENT, List.of(EventEncoder.encode(ConsentRegistry.EIP712DOMAINCHANGED_EVENT)),
                "0x");
        assertThat(decoder.decode(domainChanged, BLOCK_TIME)).isEmpty();
        assertThat(decoder.decode(log(CONSENT, List.of(), "0x"), BLOCK_TIME)).isEmpty();
    }

    @Test
    void readsConsentLogsAsTheGeneratedWrapperDoes() {
        Random random = new Random(7);
        List<Log> logs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            EthAddress patient = randomAddress(random);
            EthAddress grantee = i % 3 == 0 ? GRANTEE : randomAddress(random); // recurring addresses too
            String scope = Hex.encode(randomBytes(random, 32));
            int action = random.nextInt(256);
            if (i % 4 == 0) {
                logs.add(log(CONSENT, List.of(EventEncoder.encode(ConsentRegistry.ACCESSREVOKED_EVENT), word(patient),
                        word(grantee), scope), "0x" + TypeEncoder.encode(new Uint8(action))));
            } else {
                BigInteger expiresAt = new BigInteger(64, random);
                logs.add(log(CONSENT, List.of(EventEncoder.encode(ConsentRegistry.ACCESSGRANTED_EVENT), word(patient),
                        word(grantee), scope), "0x" + TypeEncoder.encode(new Uint8(action))
                        + TypeEncoder.encode(new Uint16(random.nextInt(65_536))) + TypeEncoder.encode(new Uint64(expiresAt))));
            }
        }

        List<ChainEvent> events = decoder.decodeAll(logs, Map.of(BLOCK_HASH, BLOCK_TIME));

        assertThat(events).hasSameSizeAs(logs);
        for (int i = 0; i < logs.size(); i++) {
            var event = (ChainEvent.Consent) events.get(i);
            if (event.revoked()) {
                var expected = ConsentRegistry.getAccessRevokedEventFromLog(logs.get(i));
                assertThat(event.key()).isEqualTo(new ChainEvent.GrantKey(EthAddress.parse(expected.patient),
                        EthAddress.parse(expected.grantee), Bytes32.fromBytes(expected.scope),
                        expected.action.intValueExact()));
            } else {
                var expected = ConsentRegistry.getAccessGrantedEventFromLog(logs.get(i));
                assertThat(event.key()).isEqualTo(new ChainEvent.GrantKey(EthAddress.parse(expected.patient),
                        EthAddress.parse(expected.grantee), Bytes32.fromBytes(expected.scope),
                        expected.action.intValueExact()));
                assertThat(event.purpose()).isEqualTo(expected.purpose.intValueExact());
                assertThat(event.expiresAt()).isEqualTo(expected.expiresAt.min(BigInteger.valueOf(Long.MAX_VALUE))
                        .longValueExact());
            }
            assertThat(event.at().blockTime()).isEqualTo(BLOCK_TIME);
            assertThat(event.key().patient().toString()).as("stored in its EIP-55 form")
                    .isEqualTo(org.web3j.crypto.Keys.toChecksumAddress(event.key().patient().toLowerHex()));
        }
    }

    @Test
    void refusesAConsentLogWhoseWordsDoNotFitTheEvent() {
        String granted = EventEncoder.encode(ConsentRegistry.ACCESSGRANTED_EVENT);
        String terms = TypeEncoder.encode(new Uint16(1)) + TypeEncoder.encode(new Uint64(BigInteger.TEN));
        String dirtyAddress = "0x" + "01" + "00".repeat(11) + PATIENT.toLowerHex().substring(2);
        assertThatIllegalArgumentException().isThrownBy(() -> decoder.decode(log(CONSENT, List.of(granted,
                dirtyAddress, word(GRANTEE), SCOPE), "0x" + TypeEncoder.encode(new Uint8(1)) + terms), BLOCK_TIME));
        assertThatIllegalArgumentException().as("action wider than uint8").isThrownBy(() -> decoder.decode(log(
                CONSENT, List.of(granted, word(PATIENT), word(GRANTEE), SCOPE),
                "0x" + TypeEncoder.encode(new Uint16(256)) + terms), BLOCK_TIME));
        assertThatIllegalArgumentException().as("a word missing").isThrownBy(() -> decoder.decode(log(CONSENT,
                List.of(granted, word(PATIENT), word(GRANTEE), SCOPE), "0x" + TypeEncoder.encode(new Uint8(1))), BLOCK_TIME));
        assertThatIllegalArgumentException().as("scope topic missing").isThrownBy(() -> decoder.decode(log(CONSENT,
                List.of(granted, word(PATIENT), word(GRANTEE)), "0x" + TypeEncoder.encode(new Uint8(1)) + terms), BLOCK_TIME));
    }

    private static EthAddress randomAddress(Random random) {
        return EthAddress.fromBytes(randomBytes(random, 20));
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    @Test
    void decodesTheFourCaregiverEvents() {
        EthAddress parent = EthAddress.parse("0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc");
        var appointedEvent = ConsentRegistry.CAREGIVERAPPOINTED_EVENT;
        String appointedData = "0x" + FunctionEncoder.encodeConstructor(List.of(
                new DynamicArray<>(org.web3j.abi.datatypes.generated.Bytes32.class, List.of(new org.web3j.abi.datatypes.generated.Bytes32(Bytes32.parse(SCOPE).toBytes()))),
                new Uint8(5), new Uint64(BigInteger.valueOf(1_800_000_000L)), new Uint32(3)));
        var appointed = (ChainEvent.CaregiverChange) decoder.decode(log(CONSENT, List.of(
                EventEncoder.encode(appointedEvent), word(PATIENT), word(PATIENT), word(parent)), appointedData),
                BLOCK_TIME).orElseThrow();
        var revoked = (ChainEvent.CaregiverChange) decoder.decode(log(CONSENT, List.of(
                EventEncoder.encode(ConsentRegistry.CAREGIVERREVOKED_EVENT), word(PATIENT), word(parent)),
                "0x" + TypeEncoder.encode(new Uint32(4))), BLOCK_TIME).orElseThrow();
        String consentData = "0x" + SCOPE.substring(2) + TypeEncoder.encode(new Uint8(1));
        var granted = (ChainEvent.CaregiverConsent) decoder.decode(log(CONSENT, List.of(
                EventEncoder.encode(ConsentRegistry.ACCESSGRANTEDBYCAREGIVER_EVENT), word(parent), word(PATIENT),
                word(GRANTEE)), consentData + TypeEncoder.encode(new Uint32(3))), BLOCK_TIME).orElseThrow();
        var revokedBy = (ChainEvent.CaregiverConsent) decoder.decode(log(CONSENT, List.of(
                EventEncoder.encode(ConsentRegistry.ACCESSREVOKEDBYCAREGIVER_EVENT), word(parent), word(PATIENT),
                word(GRANTEE)), consentData), BLOCK_TIME).orElseThrow();

        assertThat(appointed.patient()).isEqualTo(PATIENT);
        assertThat(appointed.caregiver()).isEqualTo(parent);
        assertThat(appointed.appointer()).contains(PATIENT);
        assertThat(appointed.scopes()).containsExactly(Bytes32.parse(SCOPE));
        assertThat(appointed.powers()).isEqualTo(5);
        assertThat(appointed.expiresAt()).isEqualTo(1_800_000_000L);
        assertThat(appointed.generation()).isEqualTo(3);
        assertThat(revoked.revoked()).isTrue();
        assertThat(revoked.generation()).isEqualTo(4);
        ChainEvent.GrantKey key = new ChainEvent.GrantKey(PATIENT, GRANTEE, Bytes32.parse(SCOPE), 1);
        assertThat(granted.caregiver()).isEqualTo(parent);
        assertThat(granted.key()).isEqualTo(key);
        assertThat(granted.generation()).isEqualTo(3);
        assertThat(revokedBy.key()).isEqualTo(key);
        assertThat(revokedBy.revoked()).isTrue();
    }

    @Test
    void refusesACaregiverGrantLogWithoutItsGeneration() {
        String scopeAndAction = "0x" + SCOPE.substring(2) + TypeEncoder.encode(new Uint8(1));
        Log truncated = log(CONSENT, List.of(EventEncoder.encode(ConsentRegistry.ACCESSGRANTEDBYCAREGIVER_EVENT),
                word(GRANTEE), word(PATIENT), word(GRANTEE)), scopeAndAction);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoder.decode(truncated, BLOCK_TIME))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String word(EthAddress address) {
        return Hex.encode(address.toWord());
    }

    private static Log log(EthAddress contract, List<String> topics, String data) {
        return new Log(false, "0x2", "0x0", TX_HASH, BLOCK_HASH, "0x7", contract.toString(), data, null, topics);
    }
}
