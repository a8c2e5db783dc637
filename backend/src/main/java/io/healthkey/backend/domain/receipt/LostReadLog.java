package io.healthkey.backend.domain.receipt;

/**
 * What a lost database took of the read log: read receipt batches whose roots the chain holds but whose reads this
 * database does not (it was replaced by an empty one). The roots still commit to those reads, but which reads they
 * were, and so which were a given patient's, was only in the lost database: the count covers every patient's.
 *
 * @param batches how many batches on chain, from the first, this database holds none of
 * @param reads how many read ids those batches cover
 */
public record LostReadLog(long batches, long reads) {

    public static final LostReadLog NONE = new LostReadLog(0, 0);

    public LostReadLog {
        if (batches < 0 || reads < 0 || (batches == 0 && reads != 0)) {
            throw new IllegalArgumentException("lost read log of " + batches + " batches, " + reads + " reads");
        }
    }
}
