package io.healthkey.backend.application.audit;

import static io.healthkey.backend.support.DomainErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.audit.Page;
import io.healthkey.backend.domain.audit.PageCursor;
import io.healthkey.backend.domain.audit.PageRequest;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.RevocationIntent;
import io.healthkey.backend.domain.consent.ConsentChange;
import io.healthkey.backend.domain.consent.RelayedConsent;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.backend.domain.record.LoggedRead;
import io.healthkey.backend.domain.record.ReadEntry;
import io.healthkey.backend.support.fakes.InMemoryRelayedConsents;
import io.healthkey.backend.support.fakes.RecordStack;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;

/**
 * Every audit list pages by cursor: walking the pages shows each item once, in the list's order, however many items
 * arrive meanwhile; a cursor of another list, or whose key does not fit, is AUDIT-0001.
 */
class AuditPaginationTest {

    private static final EthAddress CONSENT_REGISTRY = EthAddress.parse("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512");

    private final RecordStack stack = new RecordStack(DefaultDataBufferFactory.sharedInstance);
    private final InMemoryRelayedConsents relayed = new InMemoryRelayedConsents();
    private final AuditUseCase audit = new AuditService(stack.records, stack.readLog, stack.requests,
            stack.index.indexer(), stack.index, relayed);
    private final EthAddress patient = stack.patient.address();

    @Test
    void readsPageNewestFirstAndReadsArrivingMeanwhileNeitherShiftNorRepeatLaterPages() {
        logReads(1, 7);
        Page<LoggedRead> first = audit.reads(patient, patient, new PageRequest(3, Optional.empty())).block();
        logReads(8, 9);
        Page<LoggedRead> second = audit.reads(patient, patient, new PageRequest(3, first.next())).block();
        Page<LoggedRead> third = audit.reads(patient, patient, new PageRequest(3, second.next())).block();

        assertThat(ids(first)).containsExactly(7L, 6L, 5L);
        assertThat(ids(second)).containsExactly(4L, 3L, 2L);
        assertThat(ids(third)).containsExactly(1L);
        assertThat(third.next()).isEmpty();
        assertThat(ids(audit.reads(patient, patient, new PageRequest(2, Optional.empty())).block()))
                .as("the new reads head the first page").containsExactly(9L, 8L);
    }

    @Test
    void aPageOfExactlyTheRemainingItemsSaysThereIsNoNextPage() {
        logReads(1, 4);

        Page<LoggedRead> page = audit.reads(patient, patient, new PageRequest(4, Optional.empty())).block();

        assertThat(ids(page)).containsExactly(4L, 3L, 2L, 1L);
        assertThat(page.next()).isEmpty();
    }

    @Test
    void recordsPageByHighestSerialFirstEachOnce() {
        for (int serial = 1; serial <= 5; serial++) {
            stack.anchored(RecordId.of(patient, serial % 2 == 0 ? Category.CONDITION : Category.OBSERVATION, serial),
                    stack.patient, new byte[] {(byte) serial});
        }

        List<RecordId> seen = walk(page -> audit.records(patient, patient, page), 2,
                record -> record.version().id());

        assertThat(seen).extracting(id -> id.serial().intValue()).containsExactly(5, 4, 3, 2, 1);
    }

    @Test
    void consentsPageFromThePendingRequestsIntoTheMinedEventsEachOnce() {
        for (int block = 1; block <= 3; block++) {
            stack.index.index(grant(block));
        }
        for (int i = 0; i < 2; i++) {
            relayed.add(new RelayedConsent(revocation("revocation-" + i, i), Set.of()));
        }

        List<String> seen = walk(page -> audit.consents(patient, patient, page), 2, change ->
                change.status() + "@" + change.event().map(at -> Long.toString(at.blockNumber()))
                        .orElseGet(() -> change.request().orElseThrow().id()));

        assertThat(seen).containsExactly("PENDING@revocation-1", "PENDING@revocation-0", "MINED@3", "MINED@2",
                "MINED@1");
    }

    @Test
    void aCursorOfAnotherListOrWithAKeyThatDoesNotFitIsAudit0001() {
        PageRequest readsCursor = new PageRequest(5, Optional.of(PageCursor.of(AuditUseCase.READS, "4")));
        assertFailsWith(audit.records(patient, patient, readsCursor), ErrorCode.AUDIT_MALFORMED_CURSOR);
        assertFailsWith(audit.consents(patient, patient, readsCursor), ErrorCode.AUDIT_MALFORMED_CURSOR);
        for (String key : List.of("0", "-3", "four")) {
            assertFailsWith(audit.reads(patient, patient, new PageRequest(5,
                    Optional.of(PageCursor.of(AuditUseCase.READS, key)))), ErrorCode.AUDIT_MALFORMED_CURSOR);
        }
        assertFailsWith(audit.records(patient, patient, new PageRequest(5,
                Optional.of(PageCursor.of(AuditUseCase.RECORDS, "0x12")))), ErrorCode.AUDIT_MALFORMED_CURSOR);
        assertFailsWith(audit.consents(patient, patient, new PageRequest(5,
                Optional.of(PageCursor.of(AuditUseCase.CONSENTS, "x", "1", "2", "-")))), ErrorCode.AUDIT_MALFORMED_CURSOR);
    }

    @Test
    void aCursorDoesNotLetAnyoneButThePatientIn() {
        logReads(1, 2);
        PageRequest page = new PageRequest(5, Optional.of(PageCursor.of(AuditUseCase.READS, "3")));

        assertFailsWith(audit.reads(stack.stranger.address(), patient, page), ErrorCode.REQUEST_NOT_PATIENT);
    }

    /** Every item of a list, page after page of {@code limit}, by the cursor each page gives. */
    private static <T, K> List<K> walk(Function<PageRequest, Mono<Page<T>>> list, int limit, Function<T, K> key) {
        List<K> seen = new ArrayList<>();
        Optional<PageCursor> after = Optional.empty();
        for (int pages = 0; pages < 100; pages++) {
            Page<T> page = list.apply(new PageRequest(limit, after)).block();
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
            page.items().stream().map(key).forEach(seen::add);
            if (page.next().isEmpty()) {
                return seen;
            }
            after = page.next();
        }
        throw new AssertionError("no last page after 100 pages");
    }

    private void logReads(long from, long to) {
        for (long i = from; i <= to; i++) {
            stack.readLog.append(new ReadEntry(RecordId.of(patient, Category.OBSERVATION, i), stack.provider.address(),
                    true, Optional.empty(), Optional.of(7L), RecordStack.NOW.plusSeconds(i))).block();
        }
    }

    private static List<Long> ids(Page<LoggedRead> page) {
        return page.items().stream().map(LoggedRead::id).toList();
    }

    private ChainEvent.Consent grant(long block) {
        GrantKey key = new GrantKey(patient, stack.provider.address(), Bytes32.ZERO, Action.READ.code());
        return new ChainEvent.Consent(new LogPosition(block, 0, "0x" + "0b".repeat(32),
                "0x" + "%064x".formatted(block), RecordStack.NOW.getEpochSecond() + block), CONSENT_REGISTRY, key, 1,
                RecordStack.NOW.getEpochSecond() + 86_400, false);
    }

    private ChainRequest revocation(String id, int secondsLater) {
        return ChainRequest.accepted(id, RelayKind.REVOCATION, patient, patient, patient.toString(),
                new ChainCall(CONSENT_REGISTRY, "0x1234"), new RevocationIntent(stack.provider.address(), Scope.all(),
                        Action.READ, Optional.empty()), RecordStack.NOW.plusSeconds(secondsLater));
    }
}
