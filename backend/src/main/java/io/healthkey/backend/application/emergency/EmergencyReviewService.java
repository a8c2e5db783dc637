package io.healthkey.backend.application.emergency;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.healthkey.backend.domain.emergency.EmergencyEpisode;
import io.healthkey.backend.domain.emergency.EmergencyRead;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link EmergencyReviewUseCase}: folds the patient's indexed emergency events, oldest first, into one episode per
 * (requester, round); a window belongs to the requester's latest round (its event names no round, and only the k-th
 * approval of the current round emits it); a read to the episode whose window it was made in.
 */
public final class EmergencyReviewService implements EmergencyReviewUseCase {

    /** How many of the newest events and reads are folded; older ones stay stored. */
    static final int LIMIT = 1000;

    private final EmergencyEventsPort events;
    private final EmergencyReadsPort reads;
    private final EmergencyReasons reasons;

    public EmergencyReviewService(EmergencyEventsPort events, EmergencyReadsPort reads, EmergencyReasons reasons) {
        this.events = events;
        this.reads = reads;
        this.reasons = reasons;
    }

    @Override
    public Flux<EmergencyEpisode> review(EthAddress viewer, EthAddress patient) {
        if (!viewer.equals(patient)) {
            return Flux.error(new DomainException(ErrorCode.REQUEST_NOT_PATIENT,
                    "only the patient may review emergency access to its records"));
        }
        return Mono.zip(events.history(patient, LIMIT).collectList(), reads.of(patient, LIMIT).collectList())
                .flatMapMany(found -> Flux.fromIterable(fold(found.getT1(), found.getT2())))
                .concatMap(episode -> reasons.find(patient, episode.requester(), episode.reasonHash())
                        .map(reason -> withReason(episode, reason.text()))
                        .defaultIfEmpty(episode));
    }

    /** The episodes of {@code newestFirst} events, newest first. */
    static List<EmergencyEpisode> fold(List<ChainEvent.Emergency> newestFirst, List<EmergencyRead> reads) {
        Map<String, Draft> episodes = new LinkedHashMap<>();
        Map<EthAddress, Draft> latest = new LinkedHashMap<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            ChainEvent.Emergency event = newestFirst.get(i);
            Instant at = Instant.ofEpochSecond(event.at().blockTime());
            String key = event.requester() + "/" + event.round();
            switch (event.name()) {
                case "EmergencyAccessRequested" -> {
                    Draft draft = new Draft(event, at);
                    episodes.put(key, draft);
                    latest.put(event.requester(), draft);
                }
                case "EmergencyAccessApproved" -> Optional.ofNullable(episodes.get(key)).ifPresent(draft ->
                        draft.approvals.add(new EmergencyEpisode.Approval(event.keyholder().orElseThrow(), at,
                                event.at().transactionHash())));
                case "EmergencyWindowOpened" -> Optional.ofNullable(latest.get(event.requester())).ifPresent(draft ->
                        draft.window = Optional.of(new EmergencyEpisode.Window(at, Instant.ofEpochSecond(event.until()),
                                event.at().transactionHash())));
                case "EmergencyAccessClosed" -> Optional.ofNullable(episodes.get(key)).ifPresent(draft ->
                        draft.closedAt = Optional.of(at));
                default -> { }
            }
        }
        List<EmergencyEpisode> answer = new ArrayList<>();
        episodes.values().forEach(draft -> answer.add(0, draft.episode(reads)));
        return answer;
    }

    private static EmergencyEpisode withReason(EmergencyEpisode episode, String reason) {
        return new EmergencyEpisode(episode.requester(), episode.round(), episode.requestedAt(), episode.reasonHash(),
                Optional.of(reason), episode.approvals(), episode.window(), episode.closedAt(), episode.reads());
    }

    /** An episode while its events are folded. */
    private static final class Draft {

        private final ChainEvent.Emergency requested;
        private final Instant requestedAt;
        private final List<EmergencyEpisode.Approval> approvals = new ArrayList<>();
        private Optional<EmergencyEpisode.Window> window = Optional.empty();
        private Optional<Instant> closedAt = Optional.empty();

        Draft(ChainEvent.Emergency requested, Instant requestedAt) {
            this.requested = requested;
            this.requestedAt = requestedAt;
        }

        EmergencyEpisode episode(List<EmergencyRead> reads) {
            List<EmergencyRead> through = window.map(opened -> reads.stream()
                    .filter(read -> read.windowTransaction().equals(opened.transactionHash())
                            && read.reader().equals(requested.requester()))
                    .toList()).orElse(List.of());
            return new EmergencyEpisode(requested.requester(), requested.round(), requestedAt,
                    requested.reasonHash().orElseThrow(), Optional.empty(), approvals, window, closedAt, through);
        }
    }
}
