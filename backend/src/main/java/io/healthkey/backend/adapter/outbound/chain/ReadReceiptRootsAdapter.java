package io.healthkey.backend.adapter.outbound.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.stereotype.Component;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.healthkey.backend.adapter.outbound.chain.contracts.ReadReceiptRoots;
import io.healthkey.backend.application.receipts.ReadReceiptRootsPort;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.domain.receipt.ReceiptBatch;
import io.healthkey.backend.domain.receipt.RootPublication;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

/**
 * {@link ReadReceiptRootsPort} on the generated {@link ReadReceiptRoots} wrapper. Reads and log queries go through
 * {@link TransactionRelay}; the publishing call is only encoded here and sent by the transaction outbox.
 */
@Component
class ReadReceiptRootsAdapter implements ReadReceiptRootsPort {

    private static final String PUBLISHED_TOPIC = EventEncoder.encode(ReadReceiptRoots.READRECEIPTROOTPUBLISHED_EVENT);

    private final ReadReceiptRoots roots;
    private final String address;
    private final long startBlock;
    private final TransactionRelay relay;

    ReadReceiptRootsAdapter(Web3j web3j, Deployment deployment, TransactionRelay relay) {
        this.address = deployment.readReceiptRoots().toString();
        this.startBlock = deployment.startBlock();
        this.relay = relay;
        this.roots = ReadReceiptRoots.load(address, web3j, new ReadonlyTransactionManager(web3j,
                relay.relayerAddress()), new DefaultGasProvider());
    }

    @Override
    public Mono<Long> batchCount() {
        return blocking(() -> relay.read(address, roots.batchCount(), BigInteger.class,
                DefaultBlockParameterName.LATEST).longValueExact());
    }

    @Override
    public Mono<Long> nextReadId() {
        return blocking(() -> relay.read(address, roots.nextReadId(), BigInteger.class,
                DefaultBlockParameterName.LATEST).longValueExact());
    }

    @Override
    public Mono<Bytes32> rootOf(long batch) {
        var call = roots.batchOf(BigInteger.valueOf(batch));
        return blocking(() -> {
            List<Type> values = call.decodeFunctionResponse(
                    relay.call(address, call.encodeFunctionCall(), DefaultBlockParameterName.LATEST));
            return Bytes32.fromBytes(((ReadReceiptRoots.Batch) values.get(0)).root);
        });
    }

    @Override
    public ChainCall publishCall(ReceiptBatch batch) {
        String call = roots.publish(BigInteger.valueOf(batch.number()), batch.root().toBytes(),
                BigInteger.valueOf(batch.leafCount()), BigInteger.valueOf(batch.firstReadId()),
                BigInteger.valueOf(batch.lastReadId())).encodeFunctionCall();
        return new ChainCall(EthAddress.parse(address), call);
    }

    @Override
    public Mono<RootPublication> publicationOf(long batch) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(startBlock)),
                DefaultBlockParameterName.LATEST, address);
        filter.addSingleTopic(PUBLISHED_TOPIC);
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(batch), 64));
        return blocking(() -> relay.logs(filter))
                .flatMap(logs -> Mono.justOrEmpty(logs.stream().reduce((first, second) -> second)))
                .map(ReadReceiptRootsAdapter::publication);
    }

    private static RootPublication publication(Log log) {
        return new RootPublication(log.getTransactionHash(), log.getBlockNumber().longValueExact());
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
