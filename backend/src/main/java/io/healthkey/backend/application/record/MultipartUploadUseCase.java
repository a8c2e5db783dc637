package io.healthkey.backend.application.record;

import java.util.List;

import org.springframework.core.io.buffer.DataBuffer;

import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A reserved record's envelope uploaded in parts, each retryable, then completed: for envelopes too large to send in
 * one request over a connection that may drop. Parts are numbered from 0, follow one another without gap or overlap
 * ({@link PartSequence}), and are stored as they come; the stored list is durable with the reservation, and a
 * reservation that expires or is used takes its parts with it ({@link #discardAbandoned}).
 */
public interface MultipartUploadUseCase {

    /**
     * Stores part {@code number}: its bytes go to the content store as they stream. The same bytes again answer the
     * same part, storing nothing ({@code RECORD-0016} for other bytes under a stored number). Every buffer of
     * {@code body} is released; a part refused before its bytes are read does not subscribe to them.
     */
    Mono<UploadPart> putPart(EthAddress uploader, RecordId id, int number, PartRange range, Flux<DataBuffer> body);

    /** The parts stored for the uploader's reservation, by number: where to resume. */
    Mono<List<UploadPart>> parts(EthAddress uploader, RecordId id);

    /**
     * Builds the envelope's DAG from the parts, checks that its root is {@code expected} ({@code RECORD-0020}
     * otherwise, nothing changed), pins it and anchors it exactly as a one-shot upload
     * ({@link WriteRecordUseCase#upload}).
     */
    Mono<UploadReceipt> complete(EthAddress uploader, RecordId id, Cid expected);

    /**
     * Unpins and forgets the parts of every reservation that expired or was used: what an abandoned upload left.
     * Answers how many parts it discarded.
     */
    Mono<Long> discardAbandoned();
}
