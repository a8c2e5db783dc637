package io.healthkey.protocol.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.healthkey.protocol.ContentMismatchException;
import io.healthkey.protocol.MalformedEncodingException;

/** dag-pb and UnixFS encodings, checked byte for byte against a block made by ipfs-unixfs-importer. */
class DagPbTest {

    static final HexFormat HEX = HexFormat.of();

    /** The root of "1 KiB chunks, two chunks and five bytes" from the vectors. */
    static byte[] oracleRoot() {
        ContentVectors.Vector vector = ContentVectors.named("1 KiB chunks, two chunks and five bytes");
        return HEX.parseHex(vector.dagPbBlocks().values().iterator().next());
    }

    @Test
    void decodesAndReEncodesAnImporterNodeToTheSameBytes() {
        byte[] block = oracleRoot();

        DagPbNode node = DagPbNode.decode(block);
        UnixFsData unixfs = UnixFsData.decode(node.data());

        assertThat(node.links()).hasSize(3).allSatisfy(link -> {
            assertThat(link.name()).isEmpty();
            assertThat(link.hash().codec()).isEqualTo(Codec.RAW);
        });
        assertThat(node.links()).extracting(DagPbLink::tsize).containsExactly(1024L, 1024L, 5L);
        assertThat(unixfs.type()).isEqualTo(UnixFsData.Type.FILE);
        assertThat(unixfs.filesize()).isEqualTo(2053);
        assertThat(unixfs.blocksizes()).containsExactly(1024L, 1024L, 5L);
        assertThat(unixfs.data()).isEmpty();
        assertThat(unixfs.encode()).isEqualTo(node.data());
        assertThat(UnixFsData.file(List.of(1024L, 1024L, 5L)).encode()).isEqualTo(node.data());
        assertThat(node.encode()).isEqualTo(block);
    }

    @Test
    void writesLinksBeforeDataAndEveryLinkFieldInOrder() {
        Cid child = Cid.ofBlock(Codec.RAW, new byte[] {42});
        byte[] block = new DagPbNode(List.of(new DagPbLink(child, "", 1)), UnixFsData.file(List.of(1L)).encode())
                .encode();

        assertThat(HEX.formatHex(block)).isEqualTo(
                "122a" + "0a24" + HEX.formatHex(child.toBytes()) + "1200" + "1801"   // Links: Hash, Name "", Tsize
                        + "0a06" + "08021801" + "2001");                                // Data: Type=File, filesize, blocksizes
    }

    @Test
    void verifiesEachBlockAgainstItsCid() {
        byte[] block = oracleRoot();
        Cid cid = Cid.ofBlock(Codec.DAG_PB, block);

        FileBlock verified = FileBlock.verify(cid, block);
        assertThat(verified.children()).hasSize(3);
        assertThat(verified.data()).isEmpty();

        for (int i = 0; i < block.length; i++) {
            byte[] flipped = block.clone();
            flipped[i] ^= 1;
            assertThatThrownBy(() -> FileBlock.verify(cid, flipped)).isInstanceOf(ContentMismatchException.class)
                    .extracting("code").isEqualTo("PROTO-0009");
        }
        assertThatThrownBy(() -> FileBlock.verify(cid, java.util.Arrays.copyOf(block, block.length - 1)))
                .isInstanceOf(ContentMismatchException.class);
        assertThat(FileBlock.verify(Cid.ofBlock(Codec.RAW, block), block).children()).isEmpty();
    }

    @Test
    void refusesDagPbNodesThatAreNotUnixFsFiles() {
        byte[] directory = new DagPbNode(List.of(), new UnixFsData(UnixFsData.Type.DIRECTORY, null, 0, List.of())
                .encode()).encode();
        byte[] noData = new DagPbNode(List.of(), null).encode();
        byte[] dataFirst = HEX.parseHex("0a0408021800" + HEX.formatHex(oracleRoot()));

        for (byte[] block : List.of(directory, noData, dataFirst)) {
            assertThatThrownBy(() -> FileBlock.verify(Cid.ofBlock(Codec.DAG_PB, block), block))
                    .isInstanceOf(MalformedEncodingException.class);
        }
    }
}
