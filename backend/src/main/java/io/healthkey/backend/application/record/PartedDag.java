package io.healthkey.backend.application.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.core.io.buffer.DataBuffer;

import io.healthkey.backend.domain.content.StoredContent;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.content.Codec;
import io.healthkey.protocol.content.DagPbLink;
import io.healthkey.protocol.content.DagPbNode;
import io.healthkey.protocol.content.UnixFsData;
import io.healthkey.protocol.content.UnixFsImporter;
import io.healthkey.protocol.content.UnixFsLayout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The UnixFS DAG of an envelope uploaded in parts, built so that its root is the CID a one-shot upload of the same
 * bytes gets ({@link ContentStorePort}: 256 KiB raw leaves, balanced, 174 links). Part boundaries fall between sealed
 * segments, not on the 256 KiB grid, so a part is stored as the pieces of the grid that fall inside it: whole leaves,
 * and at its edges fragments of the leaves it shares with its neighbours. A UnixFS file node links the pieces (its
 * content is the part's bytes) and is pinned, which keeps them. On completion the
 * fragments on each side of a boundary are joined into their leaf, and the tree above the leaves is built as the
 * importer builds it.
 */
final class PartedDag {

    static final UnixFsLayout LAYOUT = UnixFsLayout.KUBO;

    /** A part as stored: the node that keeps its pieces, and the SHA-256 of its bytes. */
    record StoredPart(Cid node, Bytes32 sha256) {
    }

    private final BlockStorePort blocks;

    PartedDag(BlockStorePort blocks) {
        this.blocks = blocks;
    }

    /** Stores the pieces of part {@code number} and their node (not pinned); checks the body against its range. */
    Mono<StoredPart> store(PartRange range, Flux<DataBuffer> body) {
        return Mono.defer(() -> {
            PartBody cut = PartBody.cutting(range, LAYOUT.chunkSize());
            return cut.pieces(body)
                    .concatMap(piece -> {
                        Cid cid = Cid.ofBlock(Codec.RAW, piece.block());
                        return blocks.putBlock(cid, piece.block())
                                .thenReturn(new DagPbLink(cid, "", piece.block().length));
                    }, 1)
                    .collectList()
                    .flatMap(links -> {
                        List<Long> sizes = links.stream().map(DagPbLink::tsize).toList();
                        byte[] node = new DagPbNode(links, UnixFsData.file(sizes).encode()).encode();
                        Cid cid = Cid.ofBlock(Codec.DAG_PB, node);
                        return blocks.putBlock(cid, node).thenReturn(new StoredPart(cid, cut.digest()));
                    });
        });
    }

    /** The SHA-256 of a body, checked against its range; stores nothing. */
    static Mono<Bytes32> digest(PartRange range, Flux<DataBuffer> body) {
        return Mono.defer(() -> {
            PartBody hashed = PartBody.hashing(range);
            return hashed.pieces(body).then(Mono.fromCallable(hashed::digest));
        });
    }

    /**
     * Joins the leaves that straddle part boundaries, stores them and the nodes above the leaves (none pinned), and
     * answers the root. {@code parts} are the whole envelope, in order ({@link PartSequence#requireWhole}).
     */
    Mono<StoredContent> assemble(List<UploadPart> parts) {
        return Mono.defer(() -> {
            List<Map.Entry<Cid, byte[]>> nodes = new ArrayList<>();
            UnixFsImporter tree = new UnixFsImporter(LAYOUT, (cid, block) -> nodes.add(Map.entry(cid, block)));
            LeafJoin join = new LeafJoin(parts.get(0).envelopeLength());
            return Flux.fromIterable(parts)
                    .concatMap(this::piecesOf, 1)
                    .concatMap(piece -> place(piece, join, tree), 1)
                    .then(Mono.fromCallable(() -> {
                        join.requireNothingPending();
                        return tree.finish();
                    }))
                    .flatMap(root -> Flux.fromIterable(nodes)
                            .concatMap(node -> blocks.putBlock(node.getKey(), node.getValue()), 1)
                            .then(Mono.just(new StoredContent(root.cid(), root.size()))));
        });
    }

    /** Adds a piece to the tree: a leaf as it is, a fragment once its leaf is joined and stored. */
    private Mono<Void> place(LinkedPiece piece, LeafJoin join, UnixFsImporter tree) {
        if (join.isLeaf(piece)) {
            return Mono.fromRunnable(() -> tree.appendLeaf(piece.cid(), piece.length()));
        }
        return blocks.getBlock(piece.cid())
                .flatMap(fragment -> join.add(piece, fragment).map(leaf -> {
                    Cid cid = Cid.ofBlock(Codec.RAW, leaf);
                    return blocks.putBlock(cid, leaf).then(Mono.<Void>fromRunnable(() -> tree.appendLeaf(cid, leaf.length)));
                }).orElse(Mono.empty()));
    }

    /** A piece of the chunk grid as its part's node links it. */
    record LinkedPiece(long offset, Cid cid, int length) {
    }

    private Flux<LinkedPiece> piecesOf(UploadPart part) {
        return blocks.getBlock(part.node()).flatMapMany(block -> {
            List<DagPbLink> links;
            try {
                links = DagPbNode.decode(block).links();
            } catch (RuntimeException malformed) {
                return Flux.error(corrupt(part));
            }
            List<LinkedPiece> pieces = new ArrayList<>(links.size());
            long offset = part.offset();
            for (DagPbLink link : links) {
                if (link.tsize() <= 0 || link.tsize() > LAYOUT.chunkSize() || link.hash().codec() != Codec.RAW) {
                    return Flux.error(corrupt(part));
                }
                pieces.add(new LinkedPiece(offset, link.hash(), (int) link.tsize()));
                offset += link.tsize();
            }
            return offset == part.end() ? Flux.fromIterable(pieces) : Flux.error(corrupt(part));
        });
    }

    private static DomainException corrupt(UploadPart part) {
        return new DomainException(ErrorCode.CONTENT_INTEGRITY,
                "the stored node of part " + part.number() + " does not describe its bytes");
    }

    /** Fragments of one leaf, gathered in order until the leaf is whole. */
    private static final class LeafJoin {

        private final long envelopeLength;
        private byte[] leaf;
        private int filled;

        LeafJoin(long envelopeLength) {
            this.envelopeLength = envelopeLength;
        }

        /** A whole chunk, or the envelope's last chunk whole: a leaf as it is. */
        boolean isLeaf(LinkedPiece piece) {
            boolean startsChunk = piece.offset() % LAYOUT.chunkSize() == 0;
            return startsChunk && (piece.length() == LAYOUT.chunkSize()
                    || piece.offset() + piece.length() == envelopeLength);
        }

        /** Adds the next fragment, {@code bytes} of {@code piece}; answers the leaf once it is whole. */
        Optional<byte[]> add(LinkedPiece piece, byte[] bytes) {
            if (leaf == null) {
                long start = piece.offset() - piece.offset() % LAYOUT.chunkSize();
                leaf = new byte[(int) Math.min(LAYOUT.chunkSize(), envelopeLength - start)];
                filled = 0;
            }
            if (bytes.length != piece.length() || bytes.length > leaf.length - filled) {
                throw new DomainException(ErrorCode.CONTENT_INTEGRITY,
                        "a stored fragment does not fit the leaf it belongs to");
            }
            System.arraycopy(bytes, 0, leaf, filled, bytes.length);
            filled += bytes.length;
            if (filled < leaf.length) {
                return Optional.empty();
            }
            byte[] whole = leaf;
            leaf = null;
            return Optional.of(whole);
        }

        void requireNothingPending() {
            if (leaf != null) {
                throw new DomainException(ErrorCode.CONTENT_INTEGRITY, "the stored parts end inside a leaf");
            }
        }
    }
}
