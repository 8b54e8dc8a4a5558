package io.rtsprecorder.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.media.codec.NalUnits;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessUnitBuilderTest {

    @Test
    void wholeAndFragmentedUnitsComeOutLengthPrefixedInArrivalOrder() {
        AccessUnitBuilder b = new AccessUnitBuilder();
        byte[] packet = {9, 9, 0x06, 1, 2, 9};
        b.add(packet, 2, 3); // an SEI from the middle of a packet
        b.beginFragmented(new byte[] {0x65});
        b.appendFragment(new byte[] {7, 7, 7}, 0, 3);
        b.appendFragment(new byte[] {8, 8}, 1, 1);
        int at = b.endFragmented();
        assertThat(b.array()[at + 4]).isEqualTo((byte) 0x65);
        b.keepLastUnit();

        assertThat(b.units()).isEqualTo(2);
        assertThat(b.toFrameData()).isEqualTo(NalUnits.toLengthPrefixed(List.of(
                new byte[] {0x06, 1, 2}, new byte[] {0x65, 7, 7, 7, 8})));
    }

    @Test
    void aUnitTakenOutOrAbandonedLeavesNoTrace() {
        AccessUnitBuilder b = new AccessUnitBuilder();
        b.add(new byte[] {0x41, 1}, 0, 2);
        b.beginFragmented(new byte[] {0x67});
        b.appendFragment(new byte[] {1, 2, 3}, 0, 3);
        b.truncate(b.endFragmented()); // a parameter set: goes into the format, not the frame
        b.beginFragmented(new byte[] {0x41});
        b.appendFragment(new byte[] {4}, 0, 1);
        b.abandonFragment(); // its end never came
        assertThat(b.inFragment()).isFalse();
        assertThat(b.toFrameData()).isEqualTo(new byte[] {0, 0, 0, 2, 0x41, 1});
    }

    @Test
    void aLargeKeyframeDoesNotStayAllocatedAfterItsAccessUnit() {
        AccessUnitBuilder b = new AccessUnitBuilder();
        byte[] big = new byte[AccessUnitBuilder.RETAINED_BYTES * 3];
        b.add(big, 0, big.length);
        assertThat(b.array().length).isGreaterThan(AccessUnitBuilder.RETAINED_BYTES);
        b.clear();
        assertThat(b.array().length).isLessThanOrEqualTo(AccessUnitBuilder.RETAINED_BYTES);
        assertThat(b.size()).isZero();
        assertThat(b.units()).isZero();
    }
}
