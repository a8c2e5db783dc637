package io.healthkey.backend.adapter.outbound.ipfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.healthkey.backend.domain.content.StoredContent;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.protocol.content.ContentVectors;
import io.healthkey.protocol.content.Cid;
import reactor.core.publisher.Flux;

/** The embedded store against the ipfs-unixfs-importer vectors (Kubo layout): same CIDs, verified reads. */
class EmbeddedContentStoreTest {

    @TempDir
    Path root;

    static Stream<Named<ContentVectors.Vector>> kuboVectors() {
        return ContentVectors.named().filter(named -> named.getPayload().isKuboLayout());
    }

    static Flux<DataBuffer> contentOf(ContentVectors.Vector vector) {
        return Flux.fromStream(() -> vector.content(100_000 - 100_000 % 32)).map(DefaultDataBufferFactory.sharedInstance::wrap);
    }

    @ParameterizedTest
    @MethodSource("kuboVectors")
    void storesUnderTheOracleCidAndReadsBackTheSameBytes(ContentVectors.Vector vector) {
        EmbeddedContentStore store = new EmbeddedContentStore(root);

        StoredContent stored = store.put(contentOf(vector)).block();

        assertThat(stored.cid()).hasToString(vector.cid());
        assertThat(stored.size()).isEqualTo(vector.size());
        try (Stream<Path> files = Files.list(root.resolve("blocks"))) {
            assertThat(files.count()).isEqualTo(vector.blockCount());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(Content.sha256Hex(store.get(stored.cid()))).isEqualTo(Content.sha256HexOfBuffers(contentOf(vector)));
        assertThat(store.isPinned(stored.cid()).block()).isTrue();
    }

    @Test
    void refusesABlockFileThatNoLongerMatchesItsCidBeforeEmittingItsBytes() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(root);
        ContentVectors.Vector vector = ContentVectors.named("three chunks and a half");
        StoredContent stored = store.put(contentOf(vector)).block();
        byte[] content = vector.contentBytes();
        Cid secondLeaf = Cid.ofBlock(io.healthkey.protocol.content.Codec.RAW,
                java.util.Arrays.copyOfRange(content, 262_144, 2 * 262_144));
        Path file = root.resolve("blocks").resolve(secondLeaf.toString());
        byte[] tampered = Files.readAllBytes(file);
        tampered[1000] ^= 1;
        Files.write(file, tampered);

        java.util.List<ByteBuffer> emitted = new java.util.ArrayList<>();
        assertThatThrownBy(() -> store.get(stored.cid()).doOnNext(emitted::add).blockLast())
                .isInstanceOf(DomainException.class).extracting(e -> ((DomainException) e).code()).isEqualTo("CONTENT-0003");
        assertThat(emitted).hasSize(1);
        assertThat(emitted.get(0).remaining()).isEqualTo(262_144);
    }

    @Test
    void answersNotFoundForContentItNeverStored() {
        EmbeddedContentStore store = new EmbeddedContentStore(root);
        Cid unknown = Cid.parse("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");

        assertThatThrownBy(() -> store.get(unknown).blockLast())
                .isInstanceOf(DomainException.class).extracting(e -> ((DomainException) e).code()).isEqualTo("CONTENT-0004");
        assertThatThrownBy(() -> store.pin(unknown).block())
                .isInstanceOf(DomainException.class).extracting(e -> ((DomainException) e).code()).isEqualTo("CONTENT-0004");
        assertThat(store.isPinned(unknown).block()).isFalse();
    }

    @Test
    void pinsOnPutUnpinsIdempotentlyAndPinsAgain() {
        EmbeddedContentStore store = new EmbeddedContentStore(root);
        Cid cid = store.put(Content.of("hello world".getBytes())).block().cid();

        assertThat(cid).hasToString("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
        assertThat(store.isPinned(cid).block()).isTrue();
        store.unpin(cid).block();
        store.unpin(cid).block();
        assertThat(store.isPinned(cid).block()).isFalse();
        store.pin(cid).block();
        assertThat(store.isPinned(cid).block()).isTrue();
    }

    @Test
    void storingTheSameBytesTwiceGivesTheSameCidAndKeepsOneCopyOfEachBlock() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(root);
        Cid first = store.put(Content.pseudoRandom("twice", 600_000)).block().cid();
        Cid second = store.put(Content.pseudoRandom("twice", 600_000)).block().cid();

        assertThat(second).isEqualTo(first);
        try (Stream<Path> files = Files.list(root.resolve("blocks"))) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).hasSize(4).noneMatch(n -> n.startsWith("."));
        }
    }
}
