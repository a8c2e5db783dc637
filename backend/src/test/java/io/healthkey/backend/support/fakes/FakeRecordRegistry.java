package io.healthkey.backend.support.fakes;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.healthkey.backend.application.record.RecordRegistryPort;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.AnchorRequest;
import io.healthkey.backend.domain.record.AnchoredRecord;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import reactor.core.publisher.Mono;

/**
 * The record registry and the WRITE grants it consults, with the contract's rules for an anchor: the author is the
 * patient or may write the category ({@code RECORD-0002}), the id is not anchored yet ({@code RECORD-0004}). Runs of
 * ids anchored by other authors ({@link #anchoredElsewhere}) stand for what direct writers put on chain. During an
 * {@link #outage} every read and simulation fails.
 */
public final class FakeRecordRegistry implements RecordRegistryPort {

    public static final EthAddress ADDRESS = EthAddress.parse("0x5fbdb2315678afecb367f032d93f642f64180aa3");

    public final Outage outage = new Outage();
    private final Map<RecordId, AnchoredRecord> anchors = new LinkedHashMap<>();
    private final Set<Writer> writers = new HashSet<>();
    private final List<SerialRun> anchoredElsewhere = new ArrayList<>();
    private long block = 100;
    private int anchorQueries;

    private record Writer(EthAddress patient, EthAddress author, Category category) {
    }

    private record SerialRun(EthAddress patient, Category category, BigInteger first, BigInteger last) {
        boolean contains(RecordId id) {
            return id.patient().equals(patient) && id.category().equals(category)
                    && id.serial().compareTo(first) >= 0 && id.serial().compareTo(last) <= 0;
        }
    }

    /** Other authors anchored every id of {@code patient}'s {@code category} from serial {@code first} to {@code last}. */
    public void anchoredElsewhere(EthAddress patient, Category category, BigInteger first, BigInteger last) {
        anchoredElsewhere.add(new SerialRun(patient, category, first, last));
    }

    /** How many times {@link #isAnchored} was asked. */
    public int anchorQueries() {
        return anchorQueries;
    }

    /** {@code patient} grants {@code author} WRITE on {@code category}. */
    public void allowWrite(EthAddress patient, EthAddress author, Category category) {
        writers.add(new Writer(patient, author, category));
    }

    public void revokeWrite(EthAddress patient, EthAddress author, Category category) {
        writers.remove(new Writer(patient, author, category));
    }

    /** Mines {@code anchor} in a block of its own, as the relayer's transaction would, and answers its event. */
    public AnchoredRecord mine(AnchorRequest anchor) {
        block++;
        AnchoredRecord anchored = new AnchoredRecord(anchor.id(), anchor.author(), anchor.cid(), anchor.supersedes(),
                "0x%064x".formatted(block), block);
        anchors.put(anchor.id(), anchored);
        return anchored;
    }

    @Override
    public Mono<Void> simulateAnchor(AnchorRequest anchor) {
        return outage.guard(() -> {
            RecordId id = anchor.id();
            if (!anchor.author().equals(id.patient())
                    && !writers.contains(new Writer(id.patient(), anchor.author(), id.category()))) {
                return Mono.error(new DomainException(ErrorCode.RECORD_UNAUTHORIZED_AUTHOR,
                        "RecordRegistryUnauthorizedAuthor(" + id.patient() + ", " + anchor.author() + ")"));
            }
            if (taken(id)) {
                return Mono.error(new DomainException(ErrorCode.RECORD_ID_TAKEN, "RecordRegistryIdTaken(" + id + ")"));
            }
            return Mono.empty();
        });
    }

    @Override
    public ChainCall anchorCall(AnchorRequest anchor) {
        return new ChainCall(ADDRESS, anchor.id().toHex() + anchor.cid().digest().toHex().substring(2));
    }

    @Override
    public ChainCall anchorBatch(List<ChainCall> calls) {
        return new ChainCall(ADDRESS, "0x" + calls.stream().map(call -> call.calldata().substring(2))
                .collect(Collectors.joining()));
    }

    @Override
    public Mono<AnchoredRecord> anchored(RecordId id) {
        return outage.guard(() -> Mono.justOrEmpty(anchors.get(id)));
    }

    @Override
    public Mono<Boolean> isAnchored(RecordId id) {
        return outage.guard(() -> {
            anchorQueries++;
            return Mono.just(taken(id));
        });
    }

    @Override
    public Mono<Boolean> mayWrite(EthAddress patient, EthAddress author, Category category) {
        return outage.guard(() -> Mono.just(writers.contains(new Writer(patient, author, category))));
    }

    private boolean taken(RecordId id) {
        return anchors.containsKey(id) || anchoredElsewhere.stream().anyMatch(run -> run.contains(id));
    }
}
