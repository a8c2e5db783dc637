package io.healthkey.backend.application.record;

import java.util.List;
import java.util.Optional;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.envelope.EnvelopeVersion;

/**
 * Where a part may go among the parts stored, from their ranges alone. Parts are numbered from 0 and follow one
 * another: part {@code n} starts where part {@code n - 1} ends, so the stored parts are always one prefix of the
 * envelope. Every part but the last is whole sealed segments (part 0 with the header before them), at least one and
 * at most {@value #MAX_SEGMENTS_PER_PART}.
 */
final class PartSequence {

    static final int MAX_SEGMENTS_PER_PART = 64;
    static final long MAX_PART_LENGTH = MAX_SEGMENTS_PER_PART * EnvelopeVersion.sealedSegmentLength()
            + EnvelopeVersion.LONGEST_HEADER;

    private PartSequence() {
    }

    /**
     * The part stored under {@code number} already (the caller compares its bytes: a retry), or empty when
     * {@code range} may be stored as part {@code number}.
     *
     * @throws DomainException {@code RECORD-0018} for a range no part of this envelope may have, {@code RECORD-0017}
     *         for one that does not start where the stored parts end
     */
    static Optional<UploadPart> place(List<UploadPart> stored, int number, PartRange range) {
        if (range.length() > MAX_PART_LENGTH) {
            throw invalid("a part holds at most " + MAX_SEGMENTS_PER_PART + " sealed segments");
        }
        Optional<UploadPart> retried = stored.stream().filter(part -> part.number() == number).findFirst();
        if (retried.isPresent()) {
            return retried;
        }
        if (!stored.isEmpty() && stored.get(0).envelopeLength() != range.envelopeLength()) {
            throw invalid("the envelope's length differs from the one the first part gave");
        }
        if (number == 0) {
            if (range.offset() != 0) {
                throw invalid("part 0 starts at byte 0");
            }
            return Optional.empty();
        }
        UploadPart previous = stored.stream().filter(part -> part.number() == number - 1).findFirst()
                .orElseThrow(() -> outOfOrder("part " + (number - 1) + " is not stored: send the parts in order"));
        if (previous.isLast()) {
            throw outOfOrder("part " + previous.number() + " ended the envelope");
        }
        if (range.offset() != previous.end()) {
            throw outOfOrder("part " + number + " must start at byte " + previous.end());
        }
        if (!range.isLast() && range.length() % EnvelopeVersion.sealedSegmentLength() != 0) {
            throw invalid("every part but the last is whole sealed segments of "
                    + EnvelopeVersion.sealedSegmentLength() + " bytes");
        }
        return Optional.empty();
    }

    /** Part 0, once its header says which version the envelope is: the header, then whole sealed segments. */
    static void requireFirstPartShape(PartRange range, EnvelopeVersion version) {
        long segments = range.length() - version.headerLength();
        if (version.plaintextLength(range.envelopeLength()) < 0) {
            throw new DomainException(ErrorCode.RECORD_INVALID_ENVELOPE,
                    "no record envelope of this version has the length the Content-Range gives");
        }
        if (!range.isLast() && (segments <= 0 || segments % EnvelopeVersion.sealedSegmentLength() != 0)) {
            throw invalid("part 0 is the header, then whole sealed segments of "
                    + EnvelopeVersion.sealedSegmentLength() + " bytes");
        }
    }

    /** The parts, checked to be the whole envelope. @throws DomainException {@code RECORD-0019} when some are missing */
    static List<UploadPart> requireWhole(List<UploadPart> stored) {
        if (stored.isEmpty() || !stored.get(stored.size() - 1).isLast()) {
            long next = stored.isEmpty() ? 0 : stored.get(stored.size() - 1).end();
            throw new DomainException(ErrorCode.RECORD_PARTS_MISSING, stored.isEmpty() ? "no part is stored"
                    : "the parts stored end at byte " + next + " of " + stored.get(0).envelopeLength());
        }
        return stored;
    }

    private static DomainException invalid(String why) {
        return new DomainException(ErrorCode.RECORD_PART_INVALID_RANGE, why);
    }

    private static DomainException outOfOrder(String why) {
        return new DomainException(ErrorCode.RECORD_PART_OUT_OF_ORDER, why);
    }
}
