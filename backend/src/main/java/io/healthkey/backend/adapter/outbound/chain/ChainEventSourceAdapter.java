package io.healthkey.backend.adapter.outbound.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.Log;

import io.healthkey.backend.application.index.ChainEventSourcePort;
import io.healthkey.backend.domain.account.AccountContracts;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.backend.domain.network.Deployment;

/**
 * {@link ChainEventSourcePort} over JSON-RPC: headers in one batch request, logs of all the deployment's contracts in one
 * {@code eth_getLogs} filter, then the times of the blocks holding them in batches. web3j's HTTP transport has no subscriptions: the indexer polls.
 * With smart accounts, a second filter asks for the accounts' events by topic alone, from any address
 * ({@link AccountEventDecoder}): passkey accounts are too many, and not known in advance, to be named.
 */
@Component
class ChainEventSourceAdapter implements ChainEventSourcePort {

    /** Header requests per JSON-RPC batch: providers limit batch sizes. */
    private static final int HEADERS_PER_BATCH = 500;
    private static final Comparator<ChainEvent> CHAIN_ORDER = Comparator
            .<ChainEvent>comparingLong(event -> event.at().blockNumber())
            .thenComparingInt(event -> event.at().logIndex());

    private final Web3j web3j;
    private final TransactionRelay relay;
    private final List<String> addresses;
    private final ChainEventDecoder decoder;
    private final Optional<AccountEventDecoder> accounts;

    ChainEventSourceAdapter(Web3j web3j, TransactionRelay relay, Deployment deployment, AccountContracts accounts) {
        this.web3j = web3j;
        this.relay = relay;
        List<String> contracts = new ArrayList<>(List.of(deployment.participantDirectory().toString(),
                deployment.consentRegistry().toString(), deployment.recordRegistry().toString()));
        deployment.emergencyAccess().ifPresent(emergency -> contracts.add(emergency.toString()));
        this.addresses = List.copyOf(contracts);
        this.decoder = new ChainEventDecoder(deployment);
        this.accounts = accounts.factories().isEmpty() ? Optional.empty()
                : Optional.of(new AccountEventDecoder(accounts.factories()));
    }

    @Override
    public long headNumber() {
        return relay.blockNumber();
    }

    @Override
    public List<IndexedBlock> blocks(long from, long to) {
        var batch = web3j.newBatch();
        for (long number = from; number <= to; number++) {
            batch.add(web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false));
        }
        List<IndexedBlock> blocks = new ArrayList<>();
        try {
            for (var response : batch.send().getResponses()) {
                EthBlock.Block block = ((EthBlock) response).getBlock();
                if (block == null) {
                    break;
                }
                blocks.add(new IndexedBlock(block.getNumber().longValueExact(), block.getHash(), block.getParentHash(),
                        block.getTimestamp().longValueExact()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("block headers " + from + ".." + to + " unavailable", e);
        }
        return blocks;
    }

    /** Also reads the timestamp of each block that holds a log, by the log's block hash. */
    @Override
    public List<ChainEvent> events(long from, long to) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), addresses);
        List<Log> logs = relay.logs(filter);
        if (accounts.isEmpty()) {
            Map<String, Long> times = blockTimes(logs.stream().map(Log::getBlockHash).distinct().toList());
            return decoder.decodeAll(logs, times);
        }
        EthFilter byTopic = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), List.of());
        byTopic.addOptionalTopics(AccountEventDecoder.TOPICS.toArray(String[]::new));
        List<Log> accountLogs = relay.logs(byTopic);
        Map<String, Long> times = blockTimes(Stream.concat(logs.stream(), accountLogs.stream())
                .map(Log::getBlockHash).distinct().toList());
        List<ChainEvent> events = new ArrayList<>(decoder.decodeAll(logs, times));
        events.addAll(accounts.get().decodeAll(accountLogs, times));
        events.sort(CHAIN_ORDER);
        return events;
    }

    /**
     * The timestamps of the blocks {@code hashes} name, in batch requests. Asked by hash, not number, so that a time
     * always belongs to the block its logs came from, even if the node switched branches in between. web3j's
     * {@link Log} drops the {@code blockTimestamp} that some nodes send with logs, and others do not send it.
     */
    private Map<String, Long> blockTimes(List<String> hashes) {
        Map<String, Long> times = new HashMap<>();
        for (int start = 0; start < hashes.size(); start += HEADERS_PER_BATCH) {
            List<String> part = hashes.subList(start, Math.min(hashes.size(), start + HEADERS_PER_BATCH));
            var batch = web3j.newBatch();
            part.forEach(hash -> batch.add(web3j.ethGetBlockByHash(hash, false)));
            List<? extends Response<?>> responses;
            try {
                responses = batch.send().getResponses();
            } catch (IOException e) {
                throw new UncheckedIOException("headers of " + part.size() + " blocks unavailable", e);
            }
            for (int i = 0; i < part.size(); i++) {
                EthBlock.Block block = i < responses.size() ? ((EthBlock) responses.get(i)).getBlock() : null;
                if (block == null || !part.get(i).equalsIgnoreCase(block.getHash())) {
                    throw new IllegalStateException("the node does not know block " + part.get(i)
                            + ", which holds logs it just returned");
                }
                times.put(part.get(i), block.getTimestamp().longValueExact());
            }
        }
        return times;
    }
}
