package io.rtsprecorder.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtpReorderBufferTest {

    private static RtpPacket packet(int seq) throws RtpFormatException {
        byte[] b = new byte[13];
        RtpPacket.writeHeader(b, 0, 96, false, seq & 0xFFFF, 0, 1);
        return RtpPacket.parse(b, 0, b.length);
    }

    private static List<Integer> run(RtpReorderBuffer buffer, int... seqs) throws RtpFormatException {
        List<Integer> out = new ArrayList<>();
        for (int s : seqs) {
            buffer.push(packet(s), p -> out.add(p.sequenceNumber()));
        }
        return out;
    }

    @Test
    void swappedPacketsComeOutInOrder() throws RtpFormatException {
        RtpReorderBuffer buffer = new RtpReorderBuffer(8);
        assertThat(run(buffer, 10, 12, 11, 13, 15, 14)).containsExactly(10, 11, 12, 13, 14, 15);
        assertThat(buffer.reordered()).isEqualTo(2);
        assertThat(buffer.lost()).isZero();
    }

    @Test
    void aGapIsGivenUpOnceTheBufferIsFullAndCountedAsLost() throws RtpFormatException {
        RtpReorderBuffer buffer = new RtpReorderBuffer(3);
        List<Integer> out = run(buffer, 1, 2, 4, 5, 6, 7);
        assertThat(out).containsExactly(1, 2, 4, 5, 6, 7);
        assertThat(buffer.lost()).isEqualTo(1);
        assertThat(run(buffer, 3)).as("too late").isEmpty();
        assertThat(buffer.duplicates()).isEqualTo(1);
    }

    @Test
    void sequenceNumbersWrapAroundAndDuplicatesAreDropped() throws RtpFormatException {
        RtpReorderBuffer buffer = new RtpReorderBuffer(8);
        assertThat(run(buffer, 65534, 0, 65535, 1, 1)).containsExactly(65534, 65535, 0, 1);
        assertThat(buffer.duplicates()).isEqualTo(1);
        assertThat(buffer.lost()).isZero();
    }

    @Test
    void drainReleasesWhatIsHeldInOrderAndStartsOver() throws RtpFormatException {
        RtpReorderBuffer buffer = new RtpReorderBuffer(8);
        assertThat(run(buffer, 1, 4, 3)).as("2 is missing").containsExactly(1);
        List<Integer> drained = new ArrayList<>();
        buffer.drain(p -> drained.add(p.sequenceNumber()));
        assertThat(drained).containsExactly(3, 4);
        assertThat(buffer.lost()).isEqualTo(1);
        assertThat(run(buffer, 40_000, 40_001)).as("a new source's numbers").containsExactly(40_000, 40_001);
    }
}
