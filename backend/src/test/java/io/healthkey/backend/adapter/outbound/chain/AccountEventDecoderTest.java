package io.healthkey.backend.adapter.outbound.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.Log;

import io.healthkey.backend.domain.account.IdentityRecoveryStep;
import io.healthkey.backend.domain.account.IdentityRecoveryStep.Kind;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.support.Checkout;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;

/** The accounts' logs as the node returns them, built from the ABI: steps decoded, foreign layouts skipped. */
class AccountEventDecoderTest {

    private static final EthAddress FACTORY = EthAddress.parse("0x" + "fa".repeat(20));
    private static final EthAddress ACCOUNT = EthAddress.parse("0x" + "ac".repeat(20));
    private static final EthAddress GUARDIAN = EthAddress.parse("0x" + "6a".repeat(20));
    private static final EthAddress OTHER_GUARDIAN = EthAddress.parse("0x" + "6b".repeat(20));
    private static final String QX = "11".repeat(32);
    private static final String QY = "22".repeat(32);
    private static final String BLOCK_HASH = "0x" + "ab".repeat(32);
    private static final long BLOCK_TIME = 1_795_651_200L;

    private final AccountEventDecoder decoder = new AccountEventDecoder(java.util.Set.of(FACTORY));

    @Test
    void followsTheTopicsOfTheContractsAbis() throws Exception {
        List<String> declared = new ArrayList<>(events("interfaces/IPasskeyAccountFactory.sol/IPasskeyAccountFactory"));
        declared.addAll(events("interfaces/IAccountGuardianRecovery.sol/IAccountGuardianRecovery"));

        assertThat(AccountEventDecoder.TOPICS).containsExactlyInAnyOrderElementsOf(declared);
    }

    @Test
    void decodesEachRecoveryStepWithItsFieldsAndTheEmitterAsTheAccount() {
        List<ChainEvent> events = decode(
                log(ACCOUNT, List.of(AccountEventDecoder.GUARDIANS_CHANGED, uint(3)), FunctionEncoder.encodeConstructor(
                        List.of(new DynamicArray<>(Address.class, new Address(GUARDIAN.toString()),
                                new Address(OTHER_GUARDIAN.toString())), new Uint64(2)))),
                log(ACCOUNT, List.of(AccountEventDecoder.DELAY_CHANGED), uint(86_400).substring(2)),
                log(ACCOUNT, List.of(AccountEventDecoder.APPROVED, uint(3), Hex.encode(GUARDIAN.toWord()),
                        "0x" + "99".repeat(32)), QX + QY + uint(1).substring(2)),
                log(ACCOUNT, List.of(AccountEventDecoder.SCHEDULED, uint(3)), QX + QY + uint(1_796_000_000L).substring(2)),
                log(ACCOUNT, List.of(AccountEventDecoder.EXECUTED, uint(3)), QX + QY),
                log(ACCOUNT, List.of(AccountEventDecoder.CANCELLED, uint(4)), ""));

        String signer = "0x" + QX + QY;
        assertThat(events).allSatisfy(event -> assertThat(((ChainEvent.AccountRecovery) event).account())
                .isEqualTo(ACCOUNT));
        assertThat(events).extracting(event -> ((ChainEvent.AccountRecovery) event).step()).containsExactly(
                IdentityRecoveryStep.guardiansChanged(3, List.of(GUARDIAN, OTHER_GUARDIAN), 2),
                IdentityRecoveryStep.delayChanged(86_400),
                IdentityRecoveryStep.approved(3, GUARDIAN, signer, 1),
                IdentityRecoveryStep.scheduled(3, signer, 1_796_000_000L),
                IdentityRecoveryStep.executed(3, signer),
                IdentityRecoveryStep.cancelled(4));
        assertThat(events).extracting(ChainEvent::name).containsExactly("GuardiansChanged", "RecoveryDelayChanged",
                "RecoveryApproved", "RecoveryScheduled", "RecoveryExecuted", "RecoveryCancelled");
    }

    @Test
    void keepsAccountCreatedOfAnAllowListedFactoryOnly() {
        String data = QX + QY + "33".repeat(32);
        List<ChainEvent> events = decode(
                log(FACTORY, List.of(AccountEventDecoder.ACCOUNT_CREATED, Hex.encode(ACCOUNT.toWord())), data),
                log(GUARDIAN, List.of(AccountEventDecoder.ACCOUNT_CREATED, Hex.encode(OTHER_GUARDIAN.toWord())), data));

        assertThat(events).singleElement().isEqualTo(new ChainEvent.AccountCreated(events.get(0).at(), FACTORY,
                ACCOUNT));
    }

    @Test
    void skipsLogsWithARecoveryTopicAndAnotherLayoutInsteadOfFailing() {
        String guardians = FunctionEncoder.encodeConstructor(List.of(new DynamicArray<>(Address.class,
                new Address(GUARDIAN.toString())), new Uint64(1)));
        List<ChainEvent> events = decode(
                log(ACCOUNT, List.of(AccountEventDecoder.EXECUTED), QX + QY),
                log(ACCOUNT, List.of(AccountEventDecoder.SCHEDULED, uint(1)), QX + QY),
                log(ACCOUNT, List.of(AccountEventDecoder.SCHEDULED, uint(1)), QX + QY + "ff".repeat(32)),
                log(ACCOUNT, List.of(AccountEventDecoder.APPROVED, uint(1), "0x" + "ff".repeat(32), "0x" + "00".repeat(32)),
                        QX + QY + uint(1).substring(2)),
                log(ACCOUNT, List.of(AccountEventDecoder.GUARDIANS_CHANGED, uint(1)), guardians + "00".repeat(32)),
                log(ACCOUNT, List.of(AccountEventDecoder.GUARDIANS_CHANGED, uint(1)),
                        guardians.replaceFirst("0{62}40", "0".repeat(62) + "60")),
                log(ACCOUNT, List.of(AccountEventDecoder.CANCELLED, uint(1)), "zz"),
                log(ACCOUNT, List.of("0x" + "12".repeat(32)), ""));

        assertThat(events).isEmpty();
    }

    private List<ChainEvent> decode(Log... logs) {
        return decoder.decodeAll(List.of(logs), Map.of(BLOCK_HASH, BLOCK_TIME));
    }

    private static List<String> events(String artifact) throws Exception {
        JsonNode abi = new ObjectMapper().readTree(Checkout.root()
                .resolve(Path.of("artifacts", "contracts", artifact + ".json")).toFile()).path("abi");
        List<String> topics = new ArrayList<>();
        for (JsonNode entry : abi) {
            if ("event".equals(entry.path("type").asText())) {
                List<String> types = new ArrayList<>();
                entry.path("inputs").forEach(input -> types.add(input.path("type").asText()));
                topics.add(Hash.sha3String(entry.path("name").asText() + "(" + String.join(",", types) + ")"));
            }
        }
        return topics;
    }

    private static String uint(long value) {
        return "0x" + TypeEncoder.encode(new Uint256(BigInteger.valueOf(value)));
    }

    private static Log log(EthAddress emitter, List<String> topics, String data) {
        return new Log(false, "0x1", "0x0", "0x" + "cd".repeat(32), BLOCK_HASH, "0x7", emitter.toString(),
                "0x" + data, null, topics);
    }
}
