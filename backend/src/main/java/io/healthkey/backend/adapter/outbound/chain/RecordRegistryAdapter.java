package io.healthkey.backend.adapter.outbound.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.stereotype.Component;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.healthkey.backend.adapter.outbound.chain.contracts.ConsentRegistry;
import io.healthkey.backend.adapter.outbound.chain.contracts.RecordRegistry;
import io.healthkey.backend.application.record.RecordRegistryPort;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.domain.record.AnchorRequest;
import io.healthkey.backend.domain.record.AnchoredRecord;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;

/**
 * {@link RecordRegistryPort} on the generated {@link RecordRegistry} wrapper (and {@link ConsentRegistry} for
 * {@link #mayWrite}). The wrappers only encode calls (the outbox sends them); {@link TransactionRelay} simulates
 * and decodes reverts. Blocking web3j calls run on the bounded elastic scheduler, never on the event loop.
 *
 * <p>{@link #anchored} reads {@code RecordAnchored} logs from the deployment's start block to the latest block in one
 * {@code eth_getLogs}: enough for a dev chain and a node without a block-range limit. The id is the first indexed
 * topic, so the node's log index answers it without scanning event data.
 */
@Component
class RecordRegistryAdapter implements RecordRegistryPort {

    private static final int ANCHOR_WORDS = 5;
    private static final int SELECTOR_HEX = 10;

    private final RecordRegistry registry;
    private final ConsentRegistry consent;
    private final String address;
    private final String consentAddress;
    private final long startBlock;
    private final TransactionRelay relay;
    private final String anchorSelector;
    private final String batchSelector;

    RecordRegistryAdapter(Web3j web3j, Deployment deployment, TransactionRelay relay) {
        this.address = deployment.recordRegistry().toString();
        this.consentAddress = deployment.consentRegistry().toString();
        this.startBlock = deployment.startBlock();
        this.relay = relay;
        var readOnly = new ReadonlyTransactionManager(web3j, relay.relayerAddress());
        this.registry = RecordRegistry.load(address, web3j, readOnly, new DefaultGasProvider());
        this.consent = ConsentRegistry.load(consentAddress, web3j, readOnly, new DefaultGasProvider());
        var empty = new RecordRegistry.Anchor(new byte[32], EthAddress.ZERO.toString(), new byte[32], BigInteger.ZERO,
                new byte[32]);
        this.anchorSelector = registry.anchor(empty).encodeFunctionCall().substring(0, SELECTOR_HEX);
        this.batchSelector = registry.anchorBatch(List.of()).encodeFunctionCall().substring(0, SELECTOR_HEX);
    }

    @Override
    public Mono<Void> simulateAnchor(AnchorRequest anchor) {
        String call = encodeAnchor(anchor);
        return blocking(() -> relay.call(address, call, DefaultBlockParameterName.PENDING)).then();
    }

    @Override
    public ChainCall anchorCall(AnchorRequest anchor) {
        return new ChainCall(EthAddress.parse(address), encodeAnchor(anchor));
    }

    /**
     * {@inheritDoc} {@code Anchor} is a static struct, so {@code anchor(Anchor)} is the selector and five words, and
     * {@code anchorBatch(Anchor[])} the selector, the array's offset and length, and the same words one after the
     * other: the batch is assembled from the single calls without decoding them.
     */
    @Override
    public ChainCall anchorBatch(List<ChainCall> anchors) {
        StringBuilder data = new StringBuilder(batchSelector)
                .append(TypeEncoder.encode(new Uint256(32)))
                .append(TypeEncoder.encode(new Uint256(anchors.size())));
        for (ChainCall anchor : anchors) {
            String calldata = anchor.calldata();
            if (!anchor.target().toString().equals(address) || !calldata.startsWith(anchorSelector)
                    || calldata.length() != anchorSelector.length() + ANCHOR_WORDS * 64) {
                throw new IllegalArgumentException("not an anchor call of this registry");
            }
            data.append(calldata, anchorSelector.length(), calldata.length());
        }
        return new ChainCall(EthAddress.parse(address), data.toString());
    }

    /** {@inheritDoc} Several logs for {@code id} fail loudly: see {@link RecordAnchoredLogs#single}. */
    @Override
    public Mono<AnchoredRecord> anchored(RecordId id) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(startBlock)),
                DefaultBlockParameterName.LATEST, address);
        filter.addSingleTopic(RecordAnchoredLogs.TOPIC);
        filter.addSingleTopic(id.toHex());
        return blocking(() -> relay.logs(filter))
                .flatMap(logs -> Mono.justOrEmpty(RecordAnchoredLogs.single(id, logs)));
    }

    @Override
    public Mono<Boolean> isAnchored(RecordId id) {
        return blocking(() -> relay.read(address, registry.isAnchored(id.toBytes32().toBytes()), Boolean.class,
                DefaultBlockParameterName.LATEST));
    }

    @Override
    public Mono<Boolean> mayWrite(EthAddress patient, EthAddress author, Category category) {
        return blocking(() -> relay.read(consentAddress, consent.mayWriteCategory(patient.toString(),
                author.toString(), BigInteger.valueOf(category.code())), Boolean.class,
                DefaultBlockParameterName.LATEST));
    }

    private String encodeAnchor(AnchorRequest anchor) {
        Cid cid = anchor.cid();
        var version = new RecordRegistry.Anchor(anchor.id().toBytes32().toBytes(), anchor.author().toString(),
                cid.digest().toBytes(), BigInteger.valueOf(cid.codec().code()),
                anchor.supersedes().map(RecordId::toBytes32).orElse(Bytes32.ZERO).toBytes());
        return registry.anchor(version).encodeFunctionCall();
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
