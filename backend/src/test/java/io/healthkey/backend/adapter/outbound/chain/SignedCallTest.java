package io.healthkey.backend.adapter.outbound.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.protocol.core.methods.response.Log;

import io.healthkey.backend.adapter.outbound.chain.contracts.ConsentRegistry;
import io.healthkey.backend.adapter.outbound.chain.contracts.ParticipantDirectory;
import io.healthkey.protocol.EthAddress;

/** Reading the signed message out of a {@code ...BySig} call, and recognising its event, without a node. */
class SignedCallTest {

    private static final EthAddress REGISTRY = EthAddress.parse("0x00000000000000000000000000000000000000c1");
    private static final EthAddress DIRECTORY = EthAddress.parse("0x00000000000000000000000000000000000000d1");
    private static final String PATIENT = "0x00000000000000000000000000000000000000a1";
    private static final String DOCTOR = "0x00000000000000000000000000000000000000b1";
    private static final byte[] SCOPE = new byte[32];

    private final SignedCall grantBySig = new SignedCall(REGISTRY,
            "grantBySig((address,address,bytes32,uint8,uint16,uint64,uint256,uint256),bytes)",
            new TypeReference<ConsentRegistry.Grant>() { }, ConsentRegistry.ACCESSGRANTED_EVENT);
    private final SignedCall publishBySig = new SignedCall(DIRECTORY,
            "publishEncryptionKeyBySig((address,bytes,uint256,uint256),bytes)",
            new TypeReference<ParticipantDirectory.KeyPublication>() { },
            ParticipantDirectory.ENCRYPTIONKEYPUBLISHED_EVENT);

    @Test
    void readsTheSignerNonceAndDeadlineOfAGrantAsTheGeneratedWrapperEncodesIt() {
        String input = grantCall(7, 1_900_000_000L, 0x11);

        assertThat(grantBySig.isCalledBy(REGISTRY.toString(), input)).isTrue();
        assertThat(grantBySig.isCalledBy(DIRECTORY.toString(), input)).as("another contract").isFalse();
        SignedCall.Decoded decoded = grantBySig.decode(input).orElseThrow();
        assertThat(decoded.signer()).isEqualTo(EthAddress.parse(PATIENT));
        assertThat(decoded.nonce()).isEqualTo(7);
        assertThat(decoded.deadline()).isEqualTo(Instant.ofEpochSecond(1_900_000_000L));
    }

    @Test
    void readsTheSignerNonceAndDeadlineOfANonceCancellation() {
        SignedCall cancelBySig = new SignedCall(REGISTRY, "cancelNoncesBySig((address,uint256,uint256,uint256),bytes)",
                new TypeReference<ConsentRegistry.CancelNonces>() { }, ConsentRegistry.NONCESINVALIDATED_EVENT);
        String input = FunctionEncoder.encode(new Function("cancelNoncesBySig",
                List.of(new ConsentRegistry.CancelNonces(PATIENT, BigInteger.valueOf(40), BigInteger.valueOf(9),
                        BigInteger.valueOf(1_900_000_000L)), new DynamicBytes(new byte[65])), List.of()));

        assertThat(cancelBySig.isCalledBy(REGISTRY.toString(), input)).isTrue();
        SignedCall.Decoded decoded = cancelBySig.decode(input).orElseThrow();
        assertThat(decoded.signer()).isEqualTo(EthAddress.parse(PATIENT));
        assertThat(decoded.nonce()).isEqualTo(9);
        assertThat(decoded.deadline()).isEqualTo(Instant.ofEpochSecond(1_900_000_000L));
    }

    @Test
    void theDigestCoversEverySignedFieldAndNotTheSignature() {
        String digest = grantBySig.decode(grantCall(7, 1_900_000_000L, 0x11)).orElseThrow().digest();

        assertThat(grantBySig.decode(grantCall(7, 1_900_000_000L, 0x22)).orElseThrow().digest())
                .as("the same message signed again").isEqualTo(digest);
        assertThat(grantBySig.decode(grantCall(7, 1_900_000_001L, 0x11)).orElseThrow().digest())
                .as("another deadline").isNotEqualTo(digest);
        assertThat(grantBySig.decode(grantCall(8, 1_900_000_000L, 0x11)).orElseThrow().digest())
                .as("another nonce").isNotEqualTo(digest);
    }

    @Test
    void readsAKeyPublicationWhoseMessageHasADynamicField() {
        byte[] key = new byte[33];
        key[0] = 2;
        Arrays.fill(key, 1, 33, (byte) 0x5a);
        String input = FunctionEncoder.encode(new Function("publishEncryptionKeyBySig", List.of(
                new ParticipantDirectory.KeyPublication(PATIENT, key, BigInteger.valueOf(3),
                        BigInteger.valueOf(1_900_000_000L)), new DynamicBytes(new byte[65])), List.of()));

        SignedCall.Decoded decoded = publishBySig.decode(input).orElseThrow();

        assertThat(decoded.signer()).isEqualTo(EthAddress.parse(PATIENT));
        assertThat(decoded.nonce()).isEqualTo(3);
        assertThat(publishBySig.emittedFor(decoded, log(ParticipantDirectory.ENCRYPTIONKEYPUBLISHED_EVENT,
                List.of(topic(PATIENT)), FunctionEncoder.encodeConstructor(List.of(new DynamicBytes(key)))))).isTrue();
    }

    @Test
    void aMalformedOrTruncatedCallCarriesNoMessage() {
        String input = grantCall(7, 1_900_000_000L, 0x11);

        assertThat(grantBySig.decode(input.substring(0, 100))).isEmpty();
        assertThat(grantBySig.decode(grantBySig.selector() + "zz")).isEmpty();
    }

    @Test
    void recognisesTheGrantsEventOnlyWithEveryOneOfItsFields() {
        SignedCall.Decoded decoded = grantBySig.decode(grantCall(7, 1_900_000_000L, 0x11)).orElseThrow();
        List<String> topics = List.of(topic(PATIENT), topic(DOCTOR), "0x" + "00".repeat(32));

        assertThat(grantBySig.emittedFor(decoded, log(ConsentRegistry.ACCESSGRANTED_EVENT, topics,
                data(1, 1, 1_950_000_000L)))).isTrue();
        assertThat(grantBySig.emittedFor(decoded, log(ConsentRegistry.ACCESSGRANTED_EVENT, topics,
                data(1, 1, 1_950_000_001L)))).as("another expiry").isFalse();
        assertThat(grantBySig.emittedFor(decoded, log(ConsentRegistry.ACCESSGRANTED_EVENT,
                List.of(topic(PATIENT), topic(PATIENT), topics.get(2)), data(1, 1, 1_950_000_000L))))
                .as("another grantee").isFalse();
        assertThat(grantBySig.emittedFor(decoded, log(ConsentRegistry.ACCESSREVOKED_EVENT, topics,
                FunctionEncoder.encodeConstructor(List.of(new Uint8(1)))))).as("another event").isFalse();
    }

    @Test
    void recognisesAnAppointmentsEventByTheMessagesLeadingFieldsWhateverItsGeneration() {
        SignedCall appointBySig = new SignedCall(REGISTRY,
                "appointCaregiverBySig((address,address,address,bytes32[],uint8,uint64,uint256,uint256),bytes)",
                new TypeReference<ConsentRegistry.Appointment>() { }, ConsentRegistry.CAREGIVERAPPOINTED_EVENT, 6);
        String input = FunctionEncoder.encode(new Function("appointCaregiverBySig", List.of(
                new ConsentRegistry.Appointment(PATIENT, PATIENT, DOCTOR, List.of(SCOPE), BigInteger.valueOf(5),
                        BigInteger.valueOf(1_950_000_000L), BigInteger.valueOf(3), BigInteger.valueOf(1_900_000_000L)),
                new DynamicBytes(new byte[65])), List.of()));
        SignedCall.Decoded decoded = appointBySig.decode(input).orElseThrow();
        List<String> topics = List.of(topic(PATIENT), topic(PATIENT), topic(DOCTOR));

        assertThat(decoded.signer()).isEqualTo(EthAddress.parse(PATIENT));
        assertThat(decoded.nonce()).isEqualTo(3);
        assertThat(appointBySig.emittedFor(decoded, log(ConsentRegistry.CAREGIVERAPPOINTED_EVENT, topics,
                appointedData(5, 1_950_000_000L, 9)))).as("any generation").isTrue();
        assertThat(appointBySig.emittedFor(decoded, log(ConsentRegistry.CAREGIVERAPPOINTED_EVENT, topics,
                appointedData(7, 1_950_000_000L, 9)))).as("other powers").isFalse();
        assertThat(appointBySig.emittedFor(decoded, log(ConsentRegistry.CAREGIVERAPPOINTED_EVENT,
                List.of(topic(PATIENT), topic(PATIENT), topic(PATIENT)), appointedData(5, 1_950_000_000L, 9))))
                .as("another caregiver").isFalse();
    }

    private static String appointedData(int powers, long expiresAt, long generation) {
        return FunctionEncoder.encodeConstructor(List.of(new org.web3j.abi.datatypes.DynamicArray<>(
                        org.web3j.abi.datatypes.generated.Bytes32.class,
                        List.of(new org.web3j.abi.datatypes.generated.Bytes32(SCOPE))),
                new Uint8(powers), new Uint64(expiresAt), new org.web3j.abi.datatypes.generated.Uint32(generation)));
    }

    private static String grantCall(long nonce, long deadline, int signatureByte) {
        byte[] signature = new byte[65];
        Arrays.fill(signature, (byte) signatureByte);
        return FunctionEncoder.encode(new Function("grantBySig", List.of(new ConsentRegistry.Grant(PATIENT, DOCTOR,
                SCOPE, BigInteger.ONE, BigInteger.ONE, BigInteger.valueOf(1_950_000_000L), BigInteger.valueOf(nonce),
                BigInteger.valueOf(deadline)), new DynamicBytes(signature)), List.of()));
    }

    private static String data(int action, int purpose, long expiresAt) {
        List<Type> values = List.of(new Uint8(action), new Uint16(purpose), new Uint64(expiresAt));
        return FunctionEncoder.encodeConstructor(values);
    }

    private static String topic(String address) {
        return "0x" + TypeEncoder.encode(new org.web3j.abi.datatypes.Address(address));
    }

    private static Log log(org.web3j.abi.datatypes.Event event, List<String> indexed, String data) {
        Log log = new Log();
        List<String> topics = new java.util.ArrayList<>();
        topics.add(EventEncoder.encode(event));
        topics.addAll(indexed);
        log.setTopics(topics);
        log.setData("0x" + data);
        return log;
    }
}
