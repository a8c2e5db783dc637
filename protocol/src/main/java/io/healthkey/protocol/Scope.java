package io.healthkey.protocol;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * What part of a patient's records a consent covers, encoded as the {@code bytes32 scope} of the
 * {@code ConsentRegistry}: zero for {@link All}, the category code for {@link OfCategory}, the record id for
 * {@link OfRecord}.
 *
 * <p>Guarantees: {@link #fromBytes32} accepts exactly the values the contract accepts for a patient, and
 * {@code fromBytes32(p, s.toBytes32())} returns {@code s} for every scope valid for {@code p}.
 */
public sealed interface Scope {

    /** Every record of the patient, present and future. */
    record All() implements Scope {
        @Override
        public Bytes32 toBytes32() {
            return Bytes32.ZERO;
        }

        @Override
        public boolean covers(RecordId record) {
            Objects.requireNonNull(record, "record");
            return true;
        }
    }

    /** Every record of the patient in one category. */
    record OfCategory(Category category) implements Scope {
        public OfCategory {
            Objects.requireNonNull(category, "category");
        }

        @Override
        public Bytes32 toBytes32() {
            return Bytes32.fromUint256(BigInteger.valueOf(category.code()));
        }

        @Override
        public boolean covers(RecordId record) {
            return record.category().equals(category);
        }
    }

    /** One record version. */
    record OfRecord(RecordId record) implements Scope {
        public OfRecord {
            Objects.requireNonNull(record, "record");
        }

        @Override
        public Bytes32 toBytes32() {
            return record.toBytes32();
        }

        @Override
        public boolean covers(RecordId other) {
            return record.equals(other);
        }
    }

    static Scope all() {
        return new All();
    }

    static Scope of(Category category) {
        return new OfCategory(category);
    }

    static Scope of(RecordId record) {
        return new OfRecord(record);
    }

    /** The {@code bytes32} the contract stores and emits. */
    Bytes32 toBytes32();

    /** Whether a grant on this scope reaches {@code record} (the patient is checked separately). */
    boolean covers(RecordId record);

    /** Whether the contract accepts this scope in a grant by {@code patient}: a record scope must be theirs. */
    default boolean isValidFor(EthAddress patient) {
        return !(this instanceof OfRecord ofRecord) || ofRecord.record().patient().equals(patient);
    }

    /**
     * Decodes a contract scope for {@code patient}, with the contract's rule: values up to 65535 are all (zero) or
     * a category; anything larger must be a record id of {@code patient} with a non-zero category.
     *
     * @throws InvalidScopeException for any value the contract rejects with {@code ConsentRegistryInvalidScope}
     * @throws InvalidValueException if {@code patient} is the zero address
     */
    static Scope fromBytes32(EthAddress patient, Bytes32 value) {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(value, "value");
        if (patient.isZero()) {
            throw new InvalidValueException("a scope's patient must not be the zero address");
        }
        BigInteger number = value.toUint256();
        if (number.signum() == 0) {
            return all();
        }
        if (number.bitLength() <= 16) {
            return of(Category.ofCode(number.intValueExact()));
        }
        byte[] bytes = value.toBytes();
        boolean ownRecord = EthAddress.fromBytes(Arrays.copyOfRange(bytes, 0, 20)).equals(patient)
                && ((bytes[20] | bytes[21]) != 0);
        if (!ownRecord) {
            throw new InvalidScopeException("scope " + value + " is neither all, a category, nor a record of " + patient);
        }
        RecordId record = RecordId.fromBytes32(value);
        return of(record);
    }
}
