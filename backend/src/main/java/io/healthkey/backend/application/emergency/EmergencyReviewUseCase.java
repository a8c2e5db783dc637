package io.healthkey.backend.application.emergency;

import io.healthkey.backend.domain.emergency.EmergencyEpisode;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;

/** The patient's review of emergency access to its records (docs/API.md, "Emergency access"). */
public interface EmergencyReviewUseCase {

    /**
     * Every emergency request for {@code patient}'s records the index holds, newest first, each with its approvals,
     * window, closure and the reads made through it; to the patient only ({@code REQUEST-0007}).
     */
    Flux<EmergencyEpisode> review(EthAddress viewer, EthAddress patient);
}
