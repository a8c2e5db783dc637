package io.healthkey.backend.adapter.outbound.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthGetTransactionReceipt;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import io.healthkey.backend.application.outbox.RelayerAccountPort;
import io.healthkey.backend.domain.chain.Broadcast;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.Fees;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.Receipt;
import io.healthkey.backend.domain.chain.SendOutcome;
import io.healthkey.backend.domain.chain.Simulation;
import io.healthkey.backend.domain.chain.TransactionAttempt;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCategory;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;

/**
 * {@link RelayerAccountPort} on web3j: signs EIP-1559 transactions with the relayer's key and the nonce it is given,
 * broadcasts them raw, and reads receipts. Simulation and revert decoding go through {@link TransactionRelay}.
 */
final class RelayerAccountAdapter implements RelayerAccountPort {

    private static final BigInteger GAS_MARGIN_PERCENT = BigInteger.valueOf(120);
    private static final BigInteger TRANSFER_GAS = BigInteger.valueOf(21_000);

    private final Web3j web3j;
    private final Credentials credentials;
    private final long chainId;
    private final TransactionRelay relay;
    private final EthAddress relayer;

    RelayerAccountAdapter(Web3j web3j, Credentials credentials, long chainId, TransactionRelay relay) {
        this.web3j = web3j;
        this.credentials = credentials;
        this.chainId = chainId;
        this.relay = relay;
        this.relayer = EthAddress.parse(credentials.getAddress());
    }

    @Override
    public EthAddress relayer() {
        return relayer;
    }

    @Override
    public Optional<DomainException> simulate(ChainCall call) {
        try {
            relay.call(call.target().toString(), call.calldata(), DefaultBlockParameterName.PENDING);
            return Optional.empty();
        } catch (DomainException revert) {
            if (revert.errorCode().category() == ErrorCategory.UNAVAILABLE) {
                throw revert;
            }
            return Optional.of(revert);
        }
    }

    /**
     * {@inheritDoc} Answers are matched to calls by JSON-RPC id: a node may answer a batch in any order. A failed
     * estimate is replayed as an {@code eth_call} to decode its error: nodes put the revert data of an estimate in
     * different places, and a call's is what {@link TransactionRelay} reads.
     */
    @Override
    public List<Simulation> prepare(List<ChainCall> calls) {
        if (calls.isEmpty()) {
            return List.of();
        }
        BatchRequest batch = web3j.newBatch();
        List<Long> ids = new ArrayList<>();
        for (ChainCall call : calls) {
            var request = web3j.ethEstimateGas(Transaction.createEthCallTransaction(relayer.toString(),
                    call.target().toString(), call.calldata()));
            ids.add(request.getId());
            batch.add(request);
        }
        Map<Long, EthEstimateGas> answers = new HashMap<>();
        rpc(batch::send).getResponses().forEach(answer -> answers.put(answer.getId(), (EthEstimateGas) answer));
        List<Simulation> simulations = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            EthEstimateGas estimate = answers.get(ids.get(i));
            if (estimate == null) {
                throw new DomainException(ErrorCode.CHAIN_UNAVAILABLE, "The node left a gas estimate unanswered");
            }
            if (!estimate.hasError()) {
                simulations.add(Simulation.succeeds(estimate.getAmountUsed().multiply(GAS_MARGIN_PERCENT)
                        .divide(BigInteger.valueOf(100))));
            } else {
                Optional<DomainException> revert = simulate(calls.get(i));
                simulations.add(Simulation.reverts(revert.orElseGet(() -> new DomainException(
                        ErrorCode.CHAIN_UNKNOWN_REVERT, "Gas estimate failed: " + estimate.getError().getMessage()))));
            }
        }
        return simulations;
    }

    @Override
    public Fees currentFees() {
        BigInteger priorityFee = relay.priorityFee();
        return new Fees(relay.baseFee().multiply(BigInteger.TWO).add(priorityFee), priorityFee);
    }

    @Override
    public TransactionAttempt sign(ChainCall call, long nonce, BigInteger gasLimit, Fees fees, Instant now) {
        return signed(RawTransaction.createTransaction(chainId, BigInteger.valueOf(nonce), gasLimit,
                call.target().toString(), BigInteger.ZERO, call.calldata(), fees.maxPriorityFeePerGas(),
                fees.maxFeePerGas()), fees, false, now);
    }

    @Override
    public TransactionAttempt signCancel(long nonce, Fees fees, Instant now) {
        return signed(RawTransaction.createTransaction(chainId, BigInteger.valueOf(nonce), TRANSFER_GAS,
                relayer.toString(), BigInteger.ZERO, "0x", fees.maxPriorityFeePerGas(), fees.maxFeePerGas()),
                fees, true, now);
    }

    private TransactionAttempt signed(RawTransaction transaction, Fees fees, boolean cancel, Instant now) {
        String raw = Numeric.toHexString(TransactionEncoder.signMessage(transaction, credentials));
        return new TransactionAttempt(Hash.sha3(raw), raw, fees, cancel, now);
    }

    @Override
    public Broadcast broadcast(TransactionAttempt attempt) {
        EthSendTransaction sent;
        try {
            sent = web3j.ethSendRawTransaction(attempt.rawTransaction()).send();
        } catch (IOException e) {
            return new Broadcast(SendOutcome.UNAVAILABLE, e.getClass().getSimpleName());
        }
        return classified(sent);
    }

    /**
     * {@inheritDoc} One request after the other, not a JSON-RPC batch: Hardhat answers a batch's requests out of
     * order, and an automining node refuses a nonce whose predecessor it has not seen ("Nonce too high").
     */
    @Override
    public List<Broadcast> broadcastAll(List<TransactionAttempt> attempts) {
        return attempts.stream().map(this::broadcast).toList();
    }

    private static Broadcast classified(EthSendTransaction sent) {
        if (!sent.hasError()) {
            return Broadcast.accepted();
        }
        String message = sent.getError().getMessage();
        return new Broadcast(NodeErrors.classify(message), message == null ? "" : message);
    }

    @Override
    public Map<String, Receipt> receipts(Collection<String> hashes) {
        if (hashes.isEmpty()) {
            return Map.of();
        }
        BatchRequest batch = web3j.newBatch();
        hashes.forEach(hash -> batch.add(web3j.ethGetTransactionReceipt(hash)));
        Map<String, Receipt> found = new HashMap<>();
        for (Response<?> answer : rpc(batch::send).getResponses()) {
            ((EthGetTransactionReceipt) answer).getTransactionReceipt().flatMap(RelayerAccountAdapter::toReceipt)
                    .ifPresent(receipt -> found.put(receipt.transaction().transactionHash(), receipt));
        }
        return found;
    }

    private static Optional<Receipt> toReceipt(TransactionReceipt found) {
        return found.getBlockNumber() == null ? Optional.empty()
                : Optional.of(new Receipt(new MinedTransaction(found.getTransactionHash(),
                        found.getBlockNumber().longValueExact(), found.getGasUsed().longValueExact()),
                        found.isStatusOK()));
    }

    @Override
    public Optional<Receipt> receipt(String hash) {
        return rpc(() -> web3j.ethGetTransactionReceipt(hash).send()).getTransactionReceipt()
                .flatMap(RelayerAccountAdapter::toReceipt);
    }

    @Override
    public boolean isKnown(String hash) {
        return rpc(() -> web3j.ethGetTransactionByHash(hash).send()).getTransaction().isPresent();
    }

    @Override
    public long latestBlock() {
        return relay.blockNumber();
    }

    @Override
    public long minedNonce() {
        return nonceAt(DefaultBlockParameterName.LATEST);
    }

    @Override
    public long pendingNonce() {
        return nonceAt(DefaultBlockParameterName.PENDING);
    }

    private long nonceAt(DefaultBlockParameter block) {
        return rpc(() -> web3j.ethGetTransactionCount(relayer.toString(), block).send()).getTransactionCount()
                .longValueExact();
    }

    @Override
    public DomainException revertIn(ChainCall call, long block) {
        try {
            relay.call(call.target().toString(), call.calldata(),
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(Math.max(0, block - 1))));
        } catch (DomainException revert) {
            return revert;
        }
        return new DomainException(ErrorCode.CHAIN_UNKNOWN_REVERT, "The transaction reverted in block " + block);
    }

    private static <T> T rpc(TransactionRelay.RpcCall<T> call) {
        return TransactionRelay.rpc(call);
    }
}
