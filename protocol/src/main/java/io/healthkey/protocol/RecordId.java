package io.healthkey.protocol;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * Identifies one record version, as the contracts' {@code RecordId}: 32 bytes, big-endian,
 * {@code patient} (20 bytes) | {@code category} (uint16) | {@code serial} (uint80).
 *
 * <p>Guarantees: the patient is never the zero address and the category is never zero (the ids the
 * {@code RecordRegistry} refuses with {@code RecordRegistryInvalidRecordId} cannot be built); the serial fits 80
 * bits. Two ids are equal exactly when their 32 bytes are.
 */
public final class RecordId {

    private static final BigInteger MAX_SERIAL = Uint.max(80);

    private final EthAddress patient;
    private final Category category;
    private final BigInteger serial;

    private RecordId(EthAddress patient, Category category, BigInteger serial) {
        this.patient = patient;
        this.category = category;
        this.serial = serial;
    }

    /**
     * @throws InvalidValueException if the patient is the zero address, or the serial is negative or above 2^80-1
     */
    public static RecordId of(EthAddress patient, Category category, BigInteger serial) {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(category, "category");
        if (patient.isZero()) {
            throw new InvalidValueException("a record id's patient must not be the zero address");
        }
        return new RecordId(patient, category, Uint.require(serial, 80, "serial"));
    }

    /** As {@link #of(EthAddress, Category, BigInteger)}. */
    public static RecordId of(EthAddress patient, Category category, long serial) {
        return of(patient, category, BigInteger.valueOf(serial));
    }

    /**
     * Reads the 32-byte form.
     *
     * @throws InvalidValueException if the patient or the category is zero
     */
    public static RecordId fromBytes32(Bytes32 value) {
        byte[] bytes = value.toBytes();
        EthAddress patient = EthAddress.fromBytes(Arrays.copyOfRange(bytes, 0, 20));
        int category = ((bytes[20] & 0xff) << 8) | (bytes[21] & 0xff);
        if (category == 0) {
            throw new InvalidValueException("record id " + value + " has category zero");
        }
        BigInteger serial = new BigInteger(1, Arrays.copyOfRange(bytes, 22, 32));
        return of(patient, Category.ofCode(category), serial);
    }

    /** Parses {@code 0x} followed by 64 hex digits; see {@link #fromBytes32}. */
    public static RecordId parse(String hex) {
        return fromBytes32(Bytes32.parse(hex));
    }

    public EthAddress patient() {
        return patient;
    }

    public Category category() {
        return category;
    }

    /** The per-patient serial, 0 to 2^80-1; the registry requires serials to increase per patient. */
    public BigInteger serial() {
        return serial;
    }

    /** The 32-byte form the contracts use. */
    public Bytes32 toBytes32() {
        byte[] bytes = new byte[32];
        System.arraycopy(patient.toBytes(), 0, bytes, 0, 20);
        bytes[20] = (byte) (category.code() >> 8);
        bytes[21] = (byte) category.code();
        byte[] serialWord = Uint.toWord(serial, 80, "serial");
        System.arraycopy(serialWord, 22, bytes, 22, 10);
        return Bytes32.fromBytes(bytes);
    }

    /** {@code 0x} followed by 64 lowercase hex digits. */
    public String toHex() {
        return toBytes32().toHex();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecordId that
                && patient.equals(that.patient) && category.equals(that.category) && serial.equals(that.serial);
    }

    @Override
    public int hashCode() {
        return Objects.hash(patient, category, serial);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
