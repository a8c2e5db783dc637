package io.healthkey.backend.adapter.outbound.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

import io.healthkey.backend.domain.record.AnchoredRecord;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.content.Codec;

class RecordAnchoredLogsTest {

    static final EthAddress PATIENT = EthAddress.parse("0x5225a7cefc7116073d4daf063f112206317f9b5d");
    static final EthAddress DOCTOR = EthAddress.parse("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    static final RecordId FIRST = RecordId.of(PATIENT, Category.CONDITION, 1);
    static final RecordId SECOND = RecordId.of(PATIENT, Category.CONDITION, 2);
    static final Cid DAG_PB = Cid.ofBlock(Codec.DAG_PB, "root".getBytes(StandardCharsets.UTF_8));
    static final String TX = "0x" + "ab".repeat(32);

    @Test
    void mapsEveryFieldOfTheEvent() {
        assertThat(RecordAnchoredLogs.single(SECOND, List.of(log(SECOND, DOCTOR, DAG_PB, FIRST))))
                .contains(new AnchoredRecord(SECOND, DOCTOR, DAG_PB, Optional.of(FIRST), TX, 42));
    }

    @Test
    void readsAZeroSupersedesAsNone() {
        Cid raw = Cid.ofBlock(Codec.RAW, new byte[] {1});

        assertThat(RecordAnchoredLogs.single(FIRST, List.of(log(FIRST, PATIENT, raw, null))))
                .contains(new AnchoredRecord(FIRST, PATIENT, raw, Optional.empty(), TX, 42));
    }

    @Test
    void findsNothingInNoLogs() {
        assertThat(RecordAnchoredLogs.single(FIRST, List.of())).isEmpty();
    }

    @Test
    void refusesToChooseBetweenTwoLogsForOneId() {
        Log log = log(FIRST, PATIENT, DAG_PB, null);

        assertThatThrownBy(() -> RecordAnchoredLogs.single(FIRST, List.of(log, log)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("2 RecordAnchored logs");
    }

    /** A log as the contract emits it: id, patient, author indexed; digest, codec, category, supersedes in data. */
    static Log log(RecordId id, EthAddress author, Cid cid, RecordId supersedes) {
        Log log = new Log();
        log.setTopics(List.of(RecordAnchoredLogs.TOPIC, id.toHex(), Numeric.toHexString(id.patient().toWord()),
                Numeric.toHexString(author.toWord())));
        log.setData("0x" + FunctionEncoder.encodeConstructor(List.of(
                new Bytes32(cid.digest().toBytes()),
                new Uint32(cid.codec().code()),
                new Uint16(id.category().code()),
                new Bytes32(supersedes == null ? new byte[32] : supersedes.toBytes32().toBytes()))));
        log.setTransactionHash(TX);
        log.setBlockNumber("0x2a");
        return log;
    }
}
