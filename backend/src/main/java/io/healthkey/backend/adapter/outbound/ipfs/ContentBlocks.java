package io.healthkey.backend.adapter.outbound.ipfs;

import io.healthkey.backend.application.record.BlockStorePort;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.content.Cid;
import reactor.core.publisher.Mono;

/** What the content stores' {@link BlockStorePort}s share. */
final class ContentBlocks {

    /** A store that takes whole uploads only: every block call fails with {@code RECORD-0021}. */
    static final BlockStorePort WHOLE_UPLOADS_ONLY = new BlockStorePort() {
        @Override
        public Mono<Void> putBlock(Cid cid, byte[] block) {
            return Mono.error(unsupported());
        }

        @Override
        public Mono<byte[]> getBlock(Cid cid) {
            return Mono.error(unsupported());
        }
    };

    private ContentBlocks() {
    }

    /** {@code block}, once it hashes to {@code cid}; {@code CONTENT-0003} otherwise. */
    static byte[] verified(Cid cid, byte[] block) {
        if (!cid.matches(block)) {
            throw new DomainException(ErrorCode.CONTENT_INTEGRITY, "block does not hash to " + cid);
        }
        return block;
    }

    private static DomainException unsupported() {
        return new DomainException(ErrorCode.RECORD_PARTS_UNSUPPORTED,
                "this service stores content in an IPFS Cluster, which takes whole uploads: use PUT "
                        + "/api/v1/records/{recordId}/content");
    }
}
