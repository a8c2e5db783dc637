package io.healthkey.backend.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.healthkey.backend.fault.FaultRequests.Accepted;
import io.healthkey.backend.support.BackendProcess;
import io.healthkey.backend.support.ClusterPeers;
import io.healthkey.backend.support.FaultStack;
import io.healthkey.backend.support.FaultStackExtension;
import io.healthkey.backend.support.KuboBlockCorruptor;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.content.UnixFsImporter;
import io.healthkey.protocol.content.UnixFsLayout;

/**
 * The backend on a three-peer IPFS Cluster (replication 2..2, so that a lost peer's pins must move), started once
 * for the class by scripts/start-cluster.sh:
 * <ul>
 *   <li>a peer holding the first record is stopped with its Kubo and both its folders deleted: the backend's health
 *       reports two live peers and stays UP; every record stored before still reads through the API, its bytes
 *       giving the CID anchored on chain; uploads go on during the outage; and the cluster re-pins every record on
 *       the two surviving peers;</li>
 *   <li>a peer whose Kubo answers wrong bytes for every block (a loopback proxy in front of a real Kubo, asked
 *       first): reads still succeed from another peer, and the wrong bytes never reach the client.</li>
 * </ul>
 */
@ExtendWith(FaultStackExtension.class)
class ClusterPeerLossIT {

    private static final Duration REPIN_WITHIN = Duration.ofSeconds(90);

    private static ClusterPeers cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ClusterPeers.start(2, 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyRecordReadsVerifiedAndIsRepinnedOnTheSurvivorsAfterAPeerAndItsDisksAreLost(FaultStack stack,
            @TempDir Path data) {
        Map<String, String> properties = new HashMap<>(stack.backend(data));
        properties.putAll(cluster.backendProperties(cluster.kuboApiUrls()));
        try (BackendProcess backend = BackendProcess.start("cluster-peer-loss", properties)) {
            List<Accepted> before = List.of(FaultRequests.upload(backend), FaultRequests.upload(backend),
                    FaultRequests.upload(backend), FaultRequests.upload(backend));
            FaultRequests.awaitAllConfirmed(backend, before);
            Map<Accepted, byte[]> stored = new LinkedHashMap<>();
            before.forEach(record -> stored.put(record, readVerified(backend, stack, record)));

            // The lost peer holds the first record (peer 1 serves the backend's REST calls, so it stays): that
            // record at least must move.
            Set<String> holders = cluster.pinnedOn(stack.anchoredCid(id(before.get(0))));
            String lost = holders.contains("peer2") ? "peer2" : "peer3";
            Set<String> survivors = new TreeSet<>(Set.of("peer1", "peer2", "peer3"));
            survivors.remove(lost);
            cluster.destroyPeer(Integer.parseInt(lost.substring("peer".length())));
            awaitClusterHealth(backend, 2);

            stored.forEach((record, bytes) -> assertThat(readVerified(backend, stack, record))
                    .as("record %s after %s was lost", id(record), lost).isEqualTo(bytes));
            Accepted during = FaultRequests.upload(backend);
            FaultRequests.awaitAllConfirmed(backend, List.of(during));
            readVerified(backend, stack, during);

            List<Cid> cids = new ArrayList<>();
            stored.keySet().forEach(record -> cids.add(stack.anchoredCid(id(record))));
            cids.add(stack.anchoredCid(id(during)));
            for (Cid cid : cids) {
                ClusterPeers.awaitTrue(() -> cluster.pinnedOn(cid).containsAll(survivors), REPIN_WITHIN,
                        "content " + cid + " pinned on " + survivors);
            }
        }
    }

    @Test
    void aPeerAnsweringWrongBlocksIsPassedOverAndItsBytesNeverReachTheClient(FaultStack stack, @TempDir Path data) {
        List<URI> kubos = cluster.kuboApiUrls();
        try (KuboBlockCorruptor liar = KuboBlockCorruptor.inFrontOf(kubos.get(0))) {
            List<URI> readOrder = new ArrayList<>(kubos);
            readOrder.set(0, liar.url());   // asked first for every block
            Map<String, String> properties = new HashMap<>(stack.backend(data));
            properties.putAll(cluster.backendProperties(readOrder));
            try (BackendProcess backend = BackendProcess.start("cluster-wrong-blocks", properties)) {
                Accepted record = FaultRequests.upload(backend);
                FaultRequests.awaitAllConfirmed(backend, List.of(record));

                readVerified(backend, stack, record);
                readVerified(backend, stack, record);

                assertThat(liar.corrupted()).as("blocks the lying peer answered").isPositive();
            }
        }
    }

    /** Waits (bounded) until the backend's {@code ipfs} health reports {@code peersUp} live peers, and is UP. */
    private static void awaitClusterHealth(BackendProcess backend, int peersUp) {
        ClusterPeers.awaitTrue(() -> {
            Map<?, ?> ipfs = (Map<?, ?>) ((Map<?, ?>) backend.health().get("components")).get("ipfs");
            Map<?, ?> details = (Map<?, ?>) ipfs.get("details");
            return "UP".equals(ipfs.get("status")) && details != null
                    && Integer.valueOf(peersUp).equals(details.get("peersUp"));
        }, Duration.ofSeconds(60), "ipfs health UP with " + peersUp + " cluster peers");
    }

    /** Reads the record's content through the API as its patient; asserts that its bytes give the anchored CID. */
    private static byte[] readVerified(BackendProcess backend, FaultStack stack, Accepted record) {
        byte[] bytes = backend.client(record.patient()).http().get()
                .uri("/api/v1/records/{id}/content", id(record).toHex()).exchange()
                .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        UnixFsImporter importer = UnixFsImporter.hashOnly(UnixFsLayout.KUBO);
        importer.write(bytes, 0, bytes.length);
        assertThat(importer.finish().cid()).as("CID of the bytes read").isEqualTo(stack.anchoredCid(id(record)));
        return bytes;
    }

    private static RecordId id(Accepted record) {
        return record.record().orElseThrow();
    }
}
