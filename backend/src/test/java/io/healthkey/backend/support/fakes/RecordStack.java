package io.healthkey.backend.support.fakes;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.core.io.buffer.DataBufferFactory;

import io.healthkey.backend.application.gateway.GatewayService;
import io.healthkey.backend.application.outbox.OutboxAcceptor;
import io.healthkey.backend.application.outbox.RelaySponsorship;
import io.healthkey.backend.application.outbox.RelayerAccountPort;
import io.healthkey.backend.application.outbox.SponsorshipPolicy;
import io.healthkey.backend.application.record.AnchorService;
import io.healthkey.backend.application.record.IndexedAnchors;
import io.healthkey.backend.application.record.LostRecordRecovery;
import io.healthkey.backend.application.record.ReadRecordService;
import io.healthkey.backend.application.record.RecordWriter;
import io.healthkey.backend.application.record.WriteRecordService;
import io.healthkey.backend.domain.record.AnchorRequest;
import io.healthkey.backend.domain.record.MediaTypes;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordLimits;
import io.healthkey.backend.domain.record.RecordOrigin;
import io.healthkey.backend.domain.record.RecordStatus;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.backend.support.MutableClock;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import reactor.core.publisher.Mono;

/**
 * The record use cases wired as {@code ApplicationConfiguration} wires them, over in-memory fakes of every port and
 * a real {@link OutboxAcceptor}, at a fixed time. Tests arrange the fakes' state, call a service, and assert on
 * the fakes.
 */
public final class RecordStack {

    public static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    /** The chain the stack anchors on: recovery kits must name it. */
    public static final long CHAIN_ID = 31337;
    /** Small enough that tests go over them with a few kilobytes. */
    public static final RecordLimits LIMITS = new RecordLimits(64 * 1024, 16 * 1024, Duration.ofMinutes(10));

    public final MutableClock clock = new MutableClock(NOW);
    public final InMemoryRecords records = new InMemoryRecords();
    public final InMemoryChainRequests requests = new InMemoryChainRequests();
    public final InMemoryContentStore content = new InMemoryContentStore();
    public final LostRecordRecovery recovery;
    public final FakeRecordRegistry registry = new FakeRecordRegistry();
    public final FakeConsent consent = new FakeConsent();
    public final FakeDirectory directory = new FakeDirectory();
    public final InMemoryReadLog readLog = new InMemoryReadLog();
    public final FakeEventIndex index = new FakeEventIndex(clock);
    public final FakeFhirValidator fhir = new FakeFhirValidator();
    public final InMemoryGatewayKeys clinicKeys = new InMemoryGatewayKeys();
    /** The CIDs the writer asked the replica locations to copy, in order. */
    public final List<Cid> replicated = new CopyOnWriteArrayList<>();
    /** The address of each patient's current emergency key, as its emergency kit would say. */
    public final Map<EthAddress, EthAddress> emergencyKeys = new ConcurrentHashMap<>();
    /** Accounts besides the patient that may share record keys (caregivers holding GRANT_REVOKE and READ). */
    public final Set<EthAddress> keySharers = ConcurrentHashMap.newKeySet();

    public final Participant patient = Participant.at("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
    public final Participant otherPatient = Participant.at("0x14dc79964da2c08b23698b3d3cc7ca32193d9955");
    public final Participant provider = Participant.at("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65");
    public final Participant clinic = Participant.at("0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc");
    public final Participant stranger = Participant.at("0x976ea74026e726554db657fa54763abd0c3a0aa9");

    public final AnchorService anchors;
    public final RecordWriter writer;
    public final WriteRecordService writes;
    public final ReadRecordService reads;
    public final GatewayService gateway;
    /** How often the outbox sender was woken: once per accepted request. */
    public int senderWakeUps;

    /** @param uploadBuffers where the gateway writes ciphertext on its way to the content store */
    public RecordStack(DataBufferFactory uploadBuffers) {
        this(uploadBuffers, new SponsorshipPolicy(Integer.MAX_VALUE, Duration.ofDays(1), Map.of()));
    }

    /** @param sponsorship how many anchors the relayer pays for per author */
    public RecordStack(DataBufferFactory uploadBuffers, SponsorshipPolicy sponsorship) {
        OutboxAcceptor outbox = new OutboxAcceptor(unreachable(RelayerAccountPort.class), requests,
                new InMemoryTransactions(records, requests), clock, () -> senderWakeUps++,
                new RelaySponsorship(sponsorship, new InMemorySponsoredRelays(requests), clock));
        anchors = new AnchorService(registry, records, content, outbox);
        writer = new RecordWriter(registry, records, content, anchors, LIMITS, replicated::add, clock);
        writes = new WriteRecordService(writer, content, directory, CHAIN_ID);
        recovery = new LostRecordRecovery(records, index, content, clock);
        reads = new ReadRecordService(records, consent, new IndexedAnchors(index.indexer(), index, registry, clock),
                content, readLog, recovery, (owner, account, record) -> Mono.just(keySharers.contains(account)),
                owner -> Mono.justOrEmpty(emergencyKeys.get(owner)), clock);
        gateway = new GatewayService(writer, reads, records, directory, consent, content, fhir, clinicKeys,
                uploadBuffers);
    }

    /**
     * A version as a finished upload leaves it: {@code ciphertext} stored and pinned, the anchor mined, the version
     * ANCHORED with {@code keys}. The index does not hold the anchor unless the test adds it.
     */
    public RecordVersion anchored(RecordId id, Participant author, byte[] ciphertext, ReaderKey... keys) {
        Cid cid = content.add(ciphertext);
        registry.mine(new AnchorRequest(id, author.address(), cid, Optional.empty()));
        RecordVersion version = new RecordVersion(id, author.address(), RecordOrigin.CLIENT, RecordStatus.ANCHORED,
                MediaTypes.FHIR_JSON, Optional.empty(), Optional.of(cid), ciphertext.length,
                Optional.of("anchor-" + id.serial()), Optional.empty(), false, NOW, NOW.plus(LIMITS.reservationTtl()));
        records.add(version, keys);
        return version;
    }

    /** A port the services wired here never call (anchors are estimated when sent, not when accepted). */
    @SuppressWarnings("unchecked")
    private static <T> T unreachable(Class<T> port) {
        return (T) Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            throw new UnsupportedOperationException(port.getSimpleName() + "." + method.getName());
        });
    }
}
