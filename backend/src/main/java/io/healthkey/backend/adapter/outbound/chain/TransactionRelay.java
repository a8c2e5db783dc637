package io.healthkey.backend.adapter.outbound.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

import org.web3j.abi.datatypes.Type;
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
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;

/**
 * Runs calls and reads for the relayer, blocking; callers keep it off the event loop. A revert becomes the
 * contract's decoded custom error. Transactions are sent by the outbox ({@link RelayerAccountAdapter}), never here.
 */
final class TransactionRelay {

    private static final BigInteger FALLBACK_PRIORITY_FEE = BigInteger.valueOf(1_000_000_000L);

    private final Web3j web3j;
    private final String relayer;
    private final RevertDecoder revertDecoder;

    TransactionRelay(Web3j web3j, String relayer, RevertDecoder revertDecoder) {
        this.web3j = web3j;
        this.relayer = relayer;
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

    /** The code deployed at {@code account} at {@code block}: empty for an externally owned account or a precompile. */
    byte[] code(String account, DefaultBlockParameter block) {
        var response = rpc(() -> web3j.ethGetCode(account, block).send());
        if (response.hasError()) {
            throw new DomainException(ErrorCode.CHAIN_UNAVAILABLE,
                    "The node refused eth_getCode: " + response.getError().getMessage());
        }
        return response.getCode() == null ? new byte[0] : Numeric.hexStringToByteArray(response.getCode());
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

    BigInteger estimateGas(String to, String data) {
        EthEstimateGas estimate = rpc(() -> web3j.ethEstimateGas(
                Transaction.createEthCallTransaction(relayer, to, data)).send());
        if (estimate.hasError()) {
            throw revertOf(estimate.getError(), null);
        }
        return estimate.getAmountUsed();
    }

    BigInteger priorityFee() {
        var response = rpc(() -> web3j.ethMaxPriorityFeePerGas().send());
        return response.hasError() ? FALLBACK_PRIORITY_FEE : response.getMaxPriorityFeePerGas();
    }

    BigInteger baseFee() {
        var block = rpc(() -> web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send()).getBlock();
        return Optional.ofNullable(block.getBaseFeePerGas()).orElse(BigInteger.ZERO);
    }

    private DomainException revertOf(Response.Error error, String revertReason) {
        String data = error != null ? error.getData() : null;
        return revertDecoder.revertDataIn(data)
                .map(revertDecoder::decode)
                .orElseGet(() -> new DomainException(ErrorCode.CHAIN_UNKNOWN_REVERT,
                        "Reverted: " + (revertReason != null ? revertReason : error != null ? error.getMessage() : "no data")));
    }

    static <T> T rpc(RpcCall<T> call) {
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
    interface RpcCall<T> {
        T run() throws IOException;
    }
}
