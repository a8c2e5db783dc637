package io.healthkey.backend.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.Utils;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

import io.healthkey.protocol.EthAddress;

/**
 * A deployed passkey account's guardian recovery ({@code AccountGuardianRecovery}) driven as its clients would: the
 * account's own calls signed by its current passkey and relayed by anyone ({@code executeWithSig}), guardians'
 * EIP-712 {@code RecoveryApproval}s sent from their own funded keys, the rotation executed by anyone. The account
 * itself never pays: whoever sends pays.
 */
public final class GuardedPasskeyAccount {

    private static final byte[] BATCH_MODE = Numeric.toBytesPadded(BigInteger.ONE.shiftLeft(248), 32);
    private static final byte[] EXECUTE_TYPEHASH =
            keccak("Execute(bytes32 mode,bytes executionData,uint256 nonce,uint256 deadline)");
    private static final byte[] RECOVERY_APPROVAL_TYPEHASH =
            keccak("RecoveryApproval(uint64 round,bytes32 qx,bytes32 qy,uint256 deadline)");
    private static final BigInteger GAS_LIMIT = BigInteger.valueOf(3_000_000);

    private final Web3j web3j;
    private final long chainId;
    private final EthAddress account;
    private final Erc7739 domain;

    public GuardedPasskeyAccount(Web3j web3j, long chainId, EthAddress account) {
        this.web3j = web3j;
        this.chainId = chainId;
        this.account = account;
        this.domain = Erc7739.passkeyAccount(chainId, account);
    }

    /** The account's {@code setGuardians(guardians, threshold)}, signed by {@code passkey}, sent by {@code relayer}. */
    public TransactionReceipt setGuardians(SoftwarePasskey passkey, List<EthAddress> guardians, long threshold,
            Credentials relayer) throws Exception {
        return executeAsAccount(passkey, call("setGuardians", new DynamicArray<>(Address.class, guardians.stream()
                .map(guardian -> new Address(guardian.toString())).toList()), new Uint64(threshold)), relayer);
    }

    /** The account's {@code cancelRecovery()}, signed by {@code passkey}, sent by {@code relayer}. */
    public TransactionReceipt cancelRecovery(SoftwarePasskey passkey, Credentials relayer) throws Exception {
        return executeAsAccount(passkey, call("cancelRecovery"), relayer);
    }

    /** {@code guardian}'s approval of {@code newSigner} in the current round, signed and sent by the guardian. */
    public TransactionReceipt approveRecovery(ECKeyPair guardian, SoftwarePasskey newSigner, BigInteger deadline)
            throws Exception {
        byte[] struct = keccak(Erc7739.concat(RECOVERY_APPROVAL_TYPEHASH, Numeric.toBytesPadded(round(), 32),
                newSigner.qx(), newSigner.qy(), Numeric.toBytesPadded(deadline, 32)));
        byte[] signature = Patients.signDigest(guardian, domain.hashTypedData(struct));
        Credentials sender = Credentials.create(guardian);
        return send(sender, call("approveRecovery", new Address(sender.getAddress()), new Bytes32(newSigner.qx()),
                new Bytes32(newSigner.qy()), new Uint256(deadline), new DynamicBytes(signature)));
    }

    public TransactionReceipt executeRecovery(Credentials sender) throws Exception {
        return send(sender, call("executeRecovery"));
    }

    /** What {@code executeRecovery()} would revert with now: the revert data (custom error and arguments). */
    public String executeRecoveryRevert(Credentials sender) throws IOException {
        EthCall call = web3j.ethCall(Transaction.createEthCallTransaction(sender.getAddress(), account.toString(),
                call("executeRecovery")), DefaultBlockParameterName.LATEST).send();
        assertThat(call.hasError()).as("executeRecovery reverts").isTrue();
        return String.valueOf(call.getError().getData());
    }

    /** The account's signer now: {@code qx ‖ qy}. */
    public byte[] signer() throws IOException {
        return Numeric.hexStringToByteArray(view("signer"));
    }

    public BigInteger round() throws IOException {
        return Numeric.toBigInt(view("recoveryRound"));
    }

    /** When the pending rotation may execute (seconds since the epoch); zero when none is pending. */
    public BigInteger pendingExecutableAt() throws IOException {
        List<Type> pending = FunctionReturnDecoder.decode(view("pendingRecovery"), Utils.convert(
                List.<TypeReference<?>>of(new TypeReference<Bytes32>() { }, new TypeReference<Bytes32>() { },
                        new TypeReference<Uint64>() { })));
        return ((Uint64) pending.get(2)).getValue();
    }

    /** The selector of a custom error, as its revert data begins: {@code "0x" + 8 hex digits}. */
    public static String errorSelector(String signature) {
        return Hash.sha3String(signature).substring(0, 10);
    }

    private TransactionReceipt executeAsAccount(SoftwarePasskey passkey, String selfCall, Credentials relayer)
            throws Exception {
        byte[] executionData = Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(List.of(
                new DynamicArray<>(Execution.class, List.of(new Execution(account, selfCall))))));
        BigInteger deadline = BigInteger.valueOf(latestTimestamp() + 3_600);
        byte[] struct = keccak(Erc7739.concat(EXECUTE_TYPEHASH, BATCH_MODE, keccak(executionData),
                Numeric.toBytesPadded(Numeric.toBigInt(view("executionNonce")), 32),
                Numeric.toBytesPadded(deadline, 32)));
        byte[] signature = passkey.sign(domain.hashTypedData(struct));
        return send(relayer, call("executeWithSig", new Bytes32(BATCH_MODE), new DynamicBytes(executionData),
                new Uint256(deadline), new DynamicBytes(signature)));
    }

    private TransactionReceipt send(Credentials from, String data) throws Exception {
        var receipts = new PollingTransactionReceiptProcessor(web3j, 50, 1_200);
        var manager = new RawTransactionManager(web3j, from, chainId, receipts);
        var sent = manager.sendTransaction(web3j.ethGasPrice().send().getGasPrice(), GAS_LIMIT, account.toString(),
                data, BigInteger.ZERO);
        assertThat(sent.hasError()).as("sent: %s", sent.getError() == null ? "" : sent.getError().getMessage())
                .isFalse();
        TransactionReceipt receipt = receipts.waitForTransactionReceipt(sent.getTransactionHash());
        assertThat(receipt.isStatusOK()).as("mined without revert: %s", receipt.getRevertReason()).isTrue();
        return receipt;
    }

    private String view(String function) throws IOException {
        return web3j.ethCall(Transaction.createEthCallTransaction(null, account.toString(), call(function)),
                DefaultBlockParameterName.LATEST).send().getValue();
    }

    private long latestTimestamp() throws IOException {
        return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp()
                .longValueExact();
    }

    private static String call(String function, Type<?>... arguments) {
        return FunctionEncoder.encode(new Function(function, List.of(arguments), List.of()));
    }

    private static byte[] keccak(String text) {
        return keccak(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] keccak(byte[] bytes) {
        return Hash.sha3(bytes);
    }

    /** ERC-7821's {@code Execution(address target, uint256 value, bytes callData)}, no value: a call of the account. */
    public static final class Execution extends DynamicStruct {
        public Execution(EthAddress target, String callData) {
            super(new Address(target.toString()), new Uint256(BigInteger.ZERO),
                    new DynamicBytes(Numeric.hexStringToByteArray(callData)));
        }
    }
}
