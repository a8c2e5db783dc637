package io.healthkey.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class RecordIdTest {

    static final EthAddress PATIENT = EthAddress.parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

    @Test
    void recordIdCarriesPatientCategoryAndSerial() {
        RecordId id = RecordId.of(PATIENT, Category.OBSERVATION, 42);

        assertThat(id.toHex()).isEqualTo(
                "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266" + "0002" + "0000000000000000002a");
        assertThat(id.patient()).isEqualTo(PATIENT);
        assertThat(id.category()).isEqualTo(Category.OBSERVATION);
        assertThat(id.serial()).isEqualTo(BigInteger.valueOf(42));
    }

    @Test
    void parsesItsOwnHexBackToAnEqualId() {
        RecordId id = RecordId.of(PATIENT, Category.ofCode(0xBEEF), Uint.max(80));
        RecordId parsed = RecordId.parse(id.toHex());

        assertThat(parsed).isEqualTo(id).hasSameHashCodeAs(id);
        assertThat(parsed.category().code()).isEqualTo(0xBEEF);
        assertThat(parsed.serial()).isEqualTo(Uint.max(80));
        assertThat(id.toHex()).isEqualTo(id.toHex().toLowerCase()).hasSize(66);
    }

    @Test
    void acceptsSerialZero() {
        assertThat(RecordId.parse(RecordId.of(PATIENT, Category.PATIENT, 0).toHex()).serial()).isZero();
    }

    @Test
    void rejectsSerialAboveEightyBits() {
        assertThatThrownBy(() -> RecordId.of(PATIENT, Category.PATIENT, Uint.max(80).add(BigInteger.ONE)))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("uint80");
        assertThatThrownBy(() -> RecordId.of(PATIENT, Category.PATIENT, -1))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void rejectsZeroPatient() {
        assertThatThrownBy(() -> RecordId.of(EthAddress.ZERO, Category.PATIENT, 1))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> RecordId.parse("0x" + "00".repeat(20) + "0001" + "00".repeat(9) + "01"))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void rejectsZeroCategoryWhenParsing() {
        assertThatThrownBy(() -> RecordId.parse("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266" + "0000" + "00".repeat(9) + "01"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("category zero");
    }

    @Test
    void rejectsHexOfAnotherLength() {
        assertThatThrownBy(() -> RecordId.parse("0x" + "11".repeat(31)))
                .isInstanceOf(MalformedEncodingException.class);
    }
}
