package io.healthkey.protocol.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Known answers of ipfs-unixfs-importer 17.1.1 (interop/cid-vectors.mjs): same root CID, sizes and blocks. */
class UnixFsImporterVectorsTest {

    static java.util.stream.Stream<Named<ContentVectors.Vector>> vectors() {
        return ContentVectors.named();
    }

    @Test
    void vectorsCoverTheSizesThatChangeTheShapeOfTheDag() {
        assertThat(ContentVectors.all()).extracting(ContentVectors.Vector::size)
                .contains(0L, 1L, 11L, 262_144L, 262_145L, 174L * 262_144, 174L * 262_144 + 1);
        assertThat(ContentVectors.named("empty file").cid())
                .isEqualTo("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
        assertThat(ContentVectors.named("hello world").cid())
                .isEqualTo("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void givesTheOracleRootCidSizesAndBlockCount(ContentVectors.Vector vector) {
        Map<Cid, byte[]> blocks = new LinkedHashMap<>();
        UnixFsImporter importer = new UnixFsImporter(vector.layout(), (cid, block) -> blocks.put(cid, block));
        // odd buffer sizes: chunk boundaries never line up with writes
        vector.content(96 * 1024 + 32).forEach(part -> {
            int half = part.length / 3;
            importer.write(part, 0, half);
            importer.write(ByteBuffer.wrap(part, half, part.length - half));
        });

        ImportedFile file = importer.finish();

        assertThat(file.cid()).hasToString(vector.cid());
        assertThat(file.size()).isEqualTo(vector.size());
        assertThat(file.dagSize()).isEqualTo(vector.dagSize());
        assertThat(blocks).hasSize(vector.blockCount());
        assertThat(blocks.keySet()).last().isEqualTo(file.cid());
        blocks.forEach((cid, block) -> assertThat(cid.matches(block)).isTrue());
        if (vector.dagPbBlocks() != null) {
            Map<String, String> dagPb = new LinkedHashMap<>();
            blocks.forEach((cid, block) -> {
                if (cid.codec() == Codec.DAG_PB) {
                    dagPb.put(cid.digest().toHex().substring(2), HexFormat.of().formatHex(block));
                }
            });
            assertThat(dagPb).isEqualTo(vector.dagPbBlocks());
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void hashOnlyGivesTheSameRoot(ContentVectors.Vector vector) {
        UnixFsImporter importer = UnixFsImporter.hashOnly(vector.layout());
        vector.content(1 << 20).forEach(part -> importer.write(ByteBuffer.wrap(part)));

        assertThat(importer.finish().cid()).hasToString(vector.cid());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void hashOnlyGivesTheSameRootWhateverTheBuffers(ContentVectors.Vector vector) {
        UnixFsImporter importer = UnixFsImporter.hashOnly(vector.layout());
        // writes straddle leaf boundaries, through arrays, heap slices and direct buffers
        vector.content(96 * 1024 + 32).forEach(part -> {
            int third = part.length / 3;
            importer.write(part, 0, third);
            importer.write(ByteBuffer.wrap(part, third, third).slice());
            ByteBuffer direct = ByteBuffer.allocateDirect(part.length - 2 * third);
            direct.put(part, 2 * third, part.length - 2 * third).flip();
            importer.write(direct);
            assertThat(direct.hasRemaining()).isFalse();
        });

        ImportedFile file = importer.finish();

        assertThat(file.cid()).hasToString(vector.cid());
        assertThat(file.size()).isEqualTo(vector.size());
        assertThat(file.dagSize()).isEqualTo(vector.dagSize());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void leavesStoredElsewhereGiveTheOracleRoot(ContentVectors.Vector vector) {
        List<Map.Entry<Cid, Integer>> leaves = new ArrayList<>();
        UnixFsImporter cutter = new UnixFsImporter(vector.layout(), (cid, block) -> {
            if (cid.codec() == Codec.RAW) {
                leaves.add(Map.entry(cid, block.length));
            }
        });
        vector.content(1 << 20).forEach(part -> cutter.write(ByteBuffer.wrap(part)));
        cutter.finish();
        UnixFsImporter assembler = UnixFsImporter.hashOnly(vector.layout());

        leaves.stream().filter(leaf -> leaf.getValue() > 0)
                .forEach(leaf -> assembler.appendLeaf(leaf.getKey(), leaf.getValue()));

        if (vector.size() > 0) {
            assertThat(assembler.finish().cid()).hasToString(vector.cid());
        }
    }

    @Test
    void refusesALeafAfterAShortOne() {
        UnixFsImporter importer = UnixFsImporter.hashOnly(UnixFsLayout.KUBO);
        importer.appendLeaf(Cid.ofBlock(Codec.RAW, new byte[10]), 10);

        assertThatIllegalStateException()
                .isThrownBy(() -> importer.appendLeaf(Cid.ofBlock(Codec.RAW, new byte[10]), 10));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> UnixFsImporter.hashOnly(UnixFsLayout.KUBO)
                        .appendLeaf(Cid.ofBlock(Codec.DAG_PB, new byte[10]), 10));
    }
}
