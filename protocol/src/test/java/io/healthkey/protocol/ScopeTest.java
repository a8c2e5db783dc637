package io.healthkey.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class ScopeTest {

    static final EthAddress PATIENT = EthAddress.parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    static final EthAddress OTHER = EthAddress.parse("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");

    @Test
    void encodesAllAsZeroCategoryAsItsCodeAndRecordAsItsId() {
        RecordId record = RecordId.of(PATIENT, Category.CONDITION, 9);

        assertThat(Scope.all().toBytes32()).isEqualTo(Bytes32.ZERO);
        assertThat(Scope.of(Category.DICOM_IMAGE).toBytes32().toHex()).isEqualTo("0x" + "00".repeat(30) + "1001");
        assertThat(Scope.of(record).toBytes32()).isEqualTo(record.toBytes32());
    }

    @Test
    void decodesEachEncodingBackToTheSameScope() {
        for (Scope scope : new Scope[] {
                Scope.all(), Scope.of(Category.PATIENT), Scope.of(Category.ofCode(65535)),
                Scope.of(RecordId.of(PATIENT, Category.OBSERVATION, 0))}) {
            assertThat(Scope.fromBytes32(PATIENT, scope.toBytes32())).isEqualTo(scope);
        }
    }

    @Test
    void rejectsRecordScopeOfAnotherPatient() {
        Bytes32 othersRecord = RecordId.of(OTHER, Category.OBSERVATION, 1).toBytes32();

        assertThatThrownBy(() -> Scope.fromBytes32(PATIENT, othersRecord))
                .isInstanceOf(InvalidScopeException.class)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo("PROTO-0004");
        assertThat(Scope.of(RecordId.of(OTHER, Category.OBSERVATION, 1)).isValidFor(PATIENT)).isFalse();
    }

    @Test
    void rejectsPatientsRecordScopeWithCategoryZero() {
        Bytes32 value = Bytes32.parse(PATIENT.toLowerHex() + "0000" + "00".repeat(9) + "05");

        assertThatThrownBy(() -> Scope.fromBytes32(PATIENT, value)).isInstanceOf(InvalidScopeException.class);
    }

    @Test
    void rejectsTheSmallestValueAboveTheCategoryRange() {
        Bytes32 value = Bytes32.fromUint256(BigInteger.valueOf(65536));

        assertThatThrownBy(() -> Scope.fromBytes32(PATIENT, value)).isInstanceOf(InvalidScopeException.class);
    }

    @Test
    void coversRecordsByCategoryOrIdentity() {
        RecordId observation = RecordId.of(PATIENT, Category.OBSERVATION, 3);
        RecordId condition = RecordId.of(PATIENT, Category.CONDITION, 4);

        assertThat(Scope.all().covers(condition)).isTrue();
        assertThat(Scope.of(Category.OBSERVATION).covers(observation)).isTrue();
        assertThat(Scope.of(Category.OBSERVATION).covers(condition)).isFalse();
        assertThat(Scope.of(observation).covers(observation)).isTrue();
        assertThat(Scope.of(observation).covers(RecordId.of(PATIENT, Category.OBSERVATION, 5))).isFalse();
    }
}
