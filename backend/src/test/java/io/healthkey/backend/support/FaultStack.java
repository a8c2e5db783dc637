package io.healthkey.backend.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.Transfer;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Convert;
import org.web3j.utils.Numeric;

import io.healthkey.backend.adapter.outbound.chain.contracts.ConsentRegistry;
import io.healthkey.backend.adapter.outbound.chain.contracts.ReadReceiptRoots;
import io.healthkey.backend.adapter.outbound.chain.contracts.RecordRegistry;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.content.Codec;

/**
 * What the fault tests need around backend processes: the properties that point one at the shared
 * {@link LocalStack} with a relayer of its own, and the chain and outbox as a judge reads them afterwards.
 */
public final class FaultStack implements AutoCloseable {

    /**
     * A relayer of the fault tests alone, new in each test JVM, so that the outbox of the other suites' in-JVM
     * backend (dev account #1, its own database) never shares its nonces with the processes here.
     */
    private static final Credentials RELAYER = newKey();
    private static final BigInteger RELAYER_FUNDS = BigInteger.TEN.pow(20);

    private final LocalStack stack;
    private final URI rpcUrl;
    private final Path deploymentFile;
    private final Web3j web3j;
    private final ConsentRegistry consent;
    private final RecordRegistry records;
    private final String recordRegistry;
    private final String readReceiptRoots;
    private final long openedAtBlock;

    private FaultStack(LocalStack stack, URI rpcUrl, Path deploymentFile, Web3j web3j, String consentRegistry,
            String recordRegistry, String readReceiptRoots) {
        this.stack = stack;
        this.rpcUrl = rpcUrl;
        this.deploymentFile = deploymentFile;
        this.web3j = web3j;
        this.recordRegistry = recordRegistry;
        this.readReceiptRoots = readReceiptRoots;
        this.consent = ConsentRegistry.load(consentRegistry, web3j,
                new ReadonlyTransactionManager(web3j, consentRegistry), new DefaultGasProvider());
        this.records = RecordRegistry.load(recordRegistry, web3j,
                new ReadonlyTransactionManager(web3j, recordRegistry), new DefaultGasProvider());
        this.openedAtBlock = blockNumber();
    }

    /** The shared stack, with the fault relayer funded and given the record registry's relayer role. */
    public static FaultStack open() {
        return open(LocalStack.shared().rpcUrl(), LocalStack.shared().deploymentFile());
    }

    /** The shared Kubo, but the chain at {@code rpcUrl} with the contracts {@code deploymentFile} names. */
    public static FaultStack open(URI rpcUrl, Path deploymentFile) {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl.toString()));
        try {
            JsonNode contracts = new ObjectMapper().readTree(Files.readString(deploymentFile)).path("contracts");
            FaultStack faults = new FaultStack(LocalStack.shared(), rpcUrl, deploymentFile, web3j,
                    contracts.path("ConsentRegistry").path("address").asText(),
                    contracts.path("RecordRegistry").path("address").asText(),
                    contracts.path("ReadReceiptRoots").path("address").asText());
            faults.authorizeRelayer();
            return faults;
        } catch (IOException e) {
            web3j.shutdown();
            throw new UncheckedIOException(e);
        }
    }

    /** The deployer (dev account #0, the registry's admin) funds the relayer and grants it RELAYER_ROLE. */
    private void authorizeRelayer() {
        var receipts = new PollingTransactionReceiptProcessor(web3j, 50, 1_200);
        var deployer = new RawTransactionManager(web3j, Credentials.create(LocalStack.DEPLOYER_KEY),
                LocalStack.CHAIN_ID, receipts);
        var admin = RecordRegistry.load(recordRegistry, web3j, deployer, new DefaultGasProvider());
        try {
            new Transfer(web3j, deployer).sendFunds(RELAYER.getAddress(), new BigDecimal(RELAYER_FUNDS),
                    Convert.Unit.WEI).send();
            admin.grantRole(admin.RELAYER_ROLE().send(), RELAYER.getAddress()).send();
        } catch (Exception e) {
            throw new IllegalStateException("could not fund the fault relayer or grant it its role", e);
        }
    }

    /**
     * Grants the relayer ReadReceiptRoots' ANCHORER_ROLE too, so that the backends here publish read roots. Only on
     * a chain of the test's own: on the shared one, their batches would move the chain's read ids past the reads of
     * the other suites' backend, which batches on its own database.
     */
    public void authorizeReadRootPublisher() {
        var deployer = new RawTransactionManager(web3j, Credentials.create(LocalStack.DEPLOYER_KEY),
                LocalStack.CHAIN_ID, new PollingTransactionReceiptProcessor(web3j, 50, 1_200));
        var roots = ReadReceiptRoots.load(readReceiptRoots, web3j, deployer, new DefaultGasProvider());
        try {
            roots.grantRole(roots.ANCHORER_ROLE().send(), RELAYER.getAddress()).send();
        } catch (Exception e) {
            throw new IllegalStateException("could not grant the fault relayer ANCHORER_ROLE", e);
        }
    }

    private static Credentials newKey() {
        try {
            return Credentials.create(Keys.createEcKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static EthAddress relayer() {
        return EthAddress.parse(RELAYER.getAddress());
    }

    /**
     * A backend on the shared chain and Kubo, relaying with the fault relayer, its lease short so that a successor
     * takes over soon. Its database is kept for {@code dataDir}, so that a restarted process finds it: H2 files
     * under it, or on the PostgreSQL pass ({@link PostgresServer#selected()}) a schema of its own named after it.
     */
    public Map<String, String> backend(Path dataDir) {
        Map<String, String> properties = new HashMap<>();
        properties.put("healthkey.chain.rpc-url", rpcUrl.toString());
        properties.put("healthkey.chain.deployment-file", deploymentFile.toString());
        properties.put("healthkey.ipfs.api-url", stack.ipfsApiUrl().toString());
        properties.put("healthkey.data-dir", dataDir.toString());
        properties.put("healthkey.relayer.dev-private-key",
                Numeric.toHexStringWithPrefixZeroPadded(RELAYER.getEcKeyPair().getPrivateKey(), 64));
        properties.put("healthkey.outbox.lease-ttl", "2s");
        if (PostgresServer.selected()) {
            properties.putAll(PostgresServer.shared().schemaProperties(schemaOf(dataDir)));
        }
        return properties;
    }

    private static String schemaOf(Path dataDir) {
        return "fault_" + dataDir.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    }

    /**
     * {@link #backend} on the shared {@link PostgresServer}, in a schema of its own: the outbox of another suite's
     * backend on the same database would otherwise take these requests as its own.
     */
    public Map<String, String> backendOnPostgres(Path dataDir, String schema) {
        Map<String, String> properties = backend(dataDir);
        properties.putAll(PostgresServer.shared().schemaProperties(schema));
        return properties;
    }

    /** The relayer's transaction count at {@code block} ({@code LATEST}: mined; {@code PENDING}: also in the pool). */
    public long relayerNonce(DefaultBlockParameterName block) {
        try {
            return web3j.ethGetTransactionCount(relayer().toString(), block).send().getTransactionCount()
                    .longValueExact();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops or resumes mining a block per transaction (Hardhat and anvil); sent transactions wait in the pool. */
    public void automine(boolean on) {
        rpc("evm_setAutomine", List.of(on));
    }

    /** Mines one block with what waits in the pool. */
    public void mine() {
        rpc("evm_mine", List.of());
    }

    /**
     * Drops the relayer's transactions waiting in the node's pool ({@code hardhat_dropTransaction}), as a node that
     * lost its pool: only a sender that broadcasts them again gets them mined. Answers how many it dropped.
     */
    public int dropPendingRelayerTransactions() {
        try {
            int dropped = 0;
            var pending = web3j.ethGetBlockByNumber(DefaultBlockParameterName.PENDING, true).send().getBlock();
            for (EthBlock.TransactionResult<?> result : pending.getTransactions()) {
                var transaction = (EthBlock.TransactionObject) result.get();
                if (relayer().toString().equalsIgnoreCase(transaction.getFrom())) {
                    rpc("hardhat_dropTransaction", List.of(transaction.getHash()));
                    dropped++;
                }
            }
            return dropped;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void rpc(String method, List<?> params) {
        NodeRpc.call(rpcUrl, method, params);
    }

    /** How many consent signatures of {@code patient} the chain has used. */
    public BigInteger consentNonce(EthAddress patient) {
        try {
            return consent.nonces(patient.toString()).send();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code hasAccess} at the chain's latest block, read directly (not through a backend). */
    public boolean hasAccess(EthAddress patient, EthAddress grantee, RecordId record, Action action) {
        try {
            return consent.hasAccess(patient.toString(), grantee.toString(), record.toBytes32().toBytes(),
                    BigInteger.valueOf(action.code())).send();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many RecordAnchored events name {@code patient}, whatever the id, over the whole chain. */
    public int anchoredEventsOf(EthAddress patient) {
        return Records.anchoredEventsOf(web3j, recordRegistry, patient);
    }

    /** {@code RecordRegistry.isAnchored} at the chain's latest block, read directly (not through a backend). */
    public boolean isAnchored(RecordId id) {
        try {
            return records.isAnchored(id.toBytes32().toBytes()).send();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many RecordAnchored events name {@code id}, over the whole chain. */
    public int anchoredEvents(RecordId id) {
        return anchoredLogs(id).size();
    }

    private List<org.web3j.protocol.core.methods.response.EthLog.LogResult> anchoredLogs(RecordId id) {
        EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST,
                DefaultBlockParameterName.LATEST, recordRegistry)
                .addSingleTopic(EventEncoder.encode(RecordRegistry.RECORDANCHORED_EVENT))
                .addSingleTopic(id.toHex());
        try {
            return web3j.ethGetLogs(filter).send().getLogs();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CID the last RecordAnchored event of {@code id} names, read from the chain (not through a backend). */
    public Cid anchoredCid(RecordId id) {
        var logs = anchoredLogs(id);
        if (logs.isEmpty()) {
            throw new IllegalStateException("record " + id + " is not anchored");
        }
        var event = RecordRegistry.getRecordAnchoredEventFromLog(
                (org.web3j.protocol.core.methods.response.Log) logs.get(logs.size() - 1).get());
        return Cid.of(Codec.fromCode(event.codec.longValueExact()), Bytes32.fromBytes(event.contentDigest));
    }

    /** One relayer transaction as the outbox recorded it. */
    public record LedgerRow(long nonce, String status, String minedHash) {
    }

    /** One relayer transaction as the chain mined it: its receipt's status. */
    public record MinedRow(long nonce, String hash, boolean succeeded) {
    }

    /**
     * The relayer's transactions mined since this stack was opened, in chain order, each with its receipt's status:
     * read from the node's blocks, not from anything a backend wrote.
     */
    public List<MinedRow> minedRelayerTransactions() {
        try {
            List<MinedRow> mined = new ArrayList<>();
            for (long number = openedAtBlock, head = blockNumber(); number <= head; number++) {
                var block = web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), true)
                        .send().getBlock();
                for (EthBlock.TransactionResult<?> result : block.getTransactions()) {
                    var transaction = (EthBlock.TransactionObject) result.get();
                    if (relayer().toString().equalsIgnoreCase(transaction.getFrom())) {
                        var receipt = web3j.ethGetTransactionReceipt(transaction.getHash()).send()
                                .getTransactionReceipt().orElseThrow();
                        mined.add(new MinedRow(transaction.getNonce().longValueExact(), transaction.getHash(),
                                receipt.isStatusOK()));
                    }
                }
            }
            return mined;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long blockNumber() {
        try {
            return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The outbox's transactions of {@link #relayer()}, by nonce, read over JDBC once no backend writes. */
    public static List<LedgerRow> ledger(Connection connection) {
        try (PreparedStatement query = connection.prepareStatement("SELECT nonce, status, mined_hash FROM "
                + "outbox_transaction WHERE LOWER(relayer) = LOWER(?) ORDER BY nonce")) {
            query.setString(1, relayer().toString());
            List<LedgerRow> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new LedgerRow(result.getLong(1), result.getString(2), result.getString(3)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A connection to the database {@link #backend} gave the stopped backends of {@code dataDir}. */
    public static Connection database(Path dataDir) throws SQLException {
        if (!PostgresServer.selected()) {
            return DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("healthkey"), "sa", "");
        }
        Connection connection = PostgresServer.shared().connect();
        try (var path = connection.createStatement()) {
            path.execute("SET search_path TO " + schemaOf(dataDir));
        }
        return connection;
    }

    @Override
    public void close() {
        web3j.shutdown();
    }
}
