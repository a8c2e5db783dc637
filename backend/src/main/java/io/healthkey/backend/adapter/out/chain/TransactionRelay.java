package io.healthkey.backend.adapter.out.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.TransactionReceiptProcessor;

import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;

/**
 * Sends the relayer's transactions and runs calls, blocking; callers keep it off the event loop.
 *
 * <p>Every transaction is simulated first, so a revert is answered with its decoded custom error and
 * no gas is spent on it. Sends are serialized because nonces come from the node's pending count: one
 * transaction is in flight at a time.
 */
final class TransactionRelay {

    private static final BigInteger GAS_MARGIN_PERCENT = BigInteger.valueOf(120);
    private static final BigInteger FALLBACK_PRIORITY_FEE = BigInteger.valueOf(1_000_000_000L);

    private final Web3j web3j;
    private final String relayer;
    private final long chainId;
    private final RawTransactionManager transactionManager;
    private final TransactionReceiptProcessor receipts;
    private final RevertDecoder revertDecoder;

    TransactionRelay(Web3j web3j, Credentials relayer, long chainId, TransactionReceiptProcessor receipts,
            RevertDecoder revertDecoder) {
        this.web3j = web3j;
        this.relayer = relayer.getAddress();
        this.chainId = chainId;
        this.transactionManager = new RawTransactionManager(web3j, relayer, chainId);
        this.receipts = receipts;
        this.revertDecoder = revertDecoder;
    }

    String relayerAddress() {
        return relayer;
    }

    long blockNumber() {
        return rpc(() -> web3j.ethBlockNumber().send()).getBlockNumber().longValueExact();
    }

    /** Runs a read-only call at {@code block} and returns the raw result; a revert becomes a domain error. */
    String call(String to, String data, DefaultBlockParameter block) {
        EthCall response = rpc(() -> web3j.ethCall(Transaction.createEthCallTransaction(relayer, to, data), block).send());
        if (response.hasError() || response.isReverted()) {
            throw revertOf(response.getError(), response.getRevertReason());
        }
        return response.getValue();
    }

    /**
     * Runs the view function {@code function} (encoded by a generated wrapper) on {@code to} at {@code block} and
     * returns its single return value as {@code type}, e.g. {@code Boolean}, {@code BigInteger}, {@code byte[]}.
     */
    <T> T read(String to, RemoteFunctionCall<?> function, Class<T> type, DefaultBlockParameter block) {
        List<Type> values = function.decodeFunctionResponse(call(to, function.encodeFunctionCall(), block));
        if (values.isEmpty()) {
            throw new DomainException(ErrorCode.CHAIN_UNKNOWN_REVERT, "Empty answer from the contract at " + to);
        }
        return type.cast(values.get(0).getValue());
    }

    /** The logs {@code filter} matches, oldest first, leaving out those a reorganisation removed. */
    List<Log> logs(EthFilter filter) {
        EthLog response = rpc(() -> web3j.ethGetLogs(filter).send());
        if (response.hasError()) {
            throw new DomainException(ErrorCode.CHAIN_UNAVAILABLE,
                    "The node refused the log query: " + response.getError().getMessage());
        }
        return response.getLogs().stream()
                .map(result -> (Log) result.get())
                .filter(log -> !log.isRemoved())
                .toList();
    }

    /** Simulates, sends and waits for the receipt of a call from the relayer to {@code to}. */
    synchronized MinedTransaction send(String to, String data) {
        call(to, data, DefaultBlockParameterName.PENDING);
        BigInteger gasLimit = estimateGas(to, data).multiply(GAS_MARGIN_PERCENT).divide(BigInteger.valueOf(100));
        BigInteger priorityFee = priorityFee();
        BigInteger maxFee = baseFee().multiply(BigInteger.TWO).add(priorityFee);
        EthSendTransaction sent = rpc(() -> transactionManager.sendEIP1559Transaction(
                chainId, priorityFee, maxFee, gasLimit, to, data, BigInteger.ZERO));
        if (sent.hasError()) {
            throw revertDecoder.revertDataIn(sent.getError().getData())
                    .map(revertDecoder::decode)
                    .orElseGet(() -> new DomainException(ErrorCode.CHAIN_REJECTED_TRANSACTION,
                            "The node refused the transaction: " + sent.getError().getMessage()));
        }
        TransactionReceipt receipt = awaitReceipt(sent.getTransactionHash());
        if (!receipt.isStatusOK()) {
            call(to, data, DefaultBlockParameter.valueOf(receipt.getBlockNumber().subtract(BigInteger.ONE)));
            throw new DomainException(ErrorCode.CHAIN_UNKNOWN_REVERT,
                    "Transaction " + receipt.getTransactionHash() + " reverted in block " + receipt.getBlockNumber());
        }
        return new MinedTransaction(receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact(),
                receipt.getGasUsed().longValueExact());
    }

    private BigInteger estimateGas(String to, String data) {
        EthEstimateGas estimate = rpc(() -> web3j.ethEstimateGas(
                Transaction.createEthCallTransaction(relayer, to, data)).send());
        if (estimate.hasError()) {
            throw revertOf(estimate.getError(), null);
        }
        return estimate.getAmountUsed();
    }

    private BigInteger priorityFee() {
        var response = rpc(() -> web3j.ethMaxPriorityFeePerGas().send());
        return response.hasError() ? FALLBACK_PRIORITY_FEE : response.getMaxPriorityFeePerGas();
    }

    private BigInteger baseFee() {
        var block = rpc(() -> web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send()).getBlock();
        return Optional.ofNullable(block.getBaseFeePerGas()).orElse(BigInteger.ZERO);
    }

    private TransactionReceipt awaitReceipt(String transactionHash) {
        try {
            return receipts.waitForTransactionReceipt(transactionHash);
        } catch (TransactionException e) {
            throw new DomainException(ErrorCode.CHAIN_RECEIPT_TIMEOUT,
                    "Transaction " + transactionHash + " was sent but not mined in time");
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    private DomainException revertOf(Response.Error error, String revertReason) {
        String data = error != null ? error.getData() : null;
        return revertDecoder.revertDataIn(data)
                .map(revertDecoder::decode)
                .orElseGet(() -> new DomainException(ErrorCode.CHAIN_UNKNOWN_REVERT,
                        "Reverted: " + (revertReason != null ? revertReason : error != null ? error.getMessage() : "no data")));
    }

    private static <T> T rpc(RpcCall<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    private static DomainException unavailable(IOException e) {
        return new DomainException(ErrorCode.CHAIN_UNAVAILABLE, "Chain node did not answer: " + e.getClass().getSimpleName(), e);
    }

    @FunctionalInterface
    private interface RpcCall<T> {
        T run() throws IOException;
    }
}
