package io.rtsprecorder.media.rtsp;

import io.rtsprecorder.media.rtp.RtcpPackets;
import java.time.Clock;

/**
 * Puts every track of a session on one timeline. Each track's RTP clock starts at a random value, so audio and
 * video can only be aligned through RTCP sender reports (NTP time of an RTP timestamp) or, when a report has not
 * arrived for every track before the first packet, through arrival time. The choice is made once per session, at
 * the first packet of any track, and never changes, so timestamps never jump.
 *
 * <p>A track is anchored at its first packet: from then on its timestamps are its unwrapped RTP timestamps plus a
 * fixed offset, still in its own clock, such that equal times on two tracks mean the same instant. Used by the
 * session's reading thread only.
 */
final class SessionTimeline {

    /** Subtracted from the earliest anchor, so that early frames of the other tracks stay positive. */
    private static final long HEADROOM_MICROS = 1_000_000;

    private final int[] clockRates;
    private final Clock wallClock;
    /** First sender report per track: NTP time (µs since 1970) and its 32-bit RTP timestamp; 0 until one arrives. */
    private final long[] firstReportMicros;
    private final long[] firstReportRtp;
    private final long[] offsets;
    private final boolean[] anchored;
    private Boolean senderReportTimeline;
    private long baseMicros;

    SessionTimeline(int[] clockRates, Clock wallClock) {
        this.clockRates = clockRates.clone();
        this.wallClock = wallClock;
        int n = clockRates.length;
        this.firstReportMicros = new long[n];
        this.firstReportRtp = new long[n];
        this.offsets = new long[n];
        this.anchored = new boolean[n];
    }

    /** A sender report for {@code track}; only each track's first one counts. */
    void senderReport(int track, RtcpPackets.SenderReport sr) {
        if (firstReportMicros[track] == 0) {
            firstReportMicros[track] = sr.unixMicros();
            firstReportRtp[track] = sr.rtpTimestamp();
        }
    }

    /** A packet's place on the timeline, from its unwrapped timestamp and the 32-bit one it came with. */
    long timestamp(int track, long unwrapped, long timestamp32) {
        if (!anchored[track]) {
            anchor(track, unwrapped, timestamp32);
        }
        return unwrapped + offsets[track];
    }

    /** True when sender reports align the tracks, false for arrival time; null before the first packet. */
    Boolean usesSenderReports() {
        return senderReportTimeline;
    }

    private void anchor(int track, long unwrapped, long timestamp32) {
        if (senderReportTimeline == null) {
            boolean allReported = true;
            long earliest = Long.MAX_VALUE;
            for (long micros : firstReportMicros) {
                allReported &= micros != 0;
                earliest = Math.min(earliest, micros);
            }
            senderReportTimeline = allReported;
            baseMicros = (allReported ? earliest : wallClock.millis() * 1000) - HEADROOM_MICROS;
        }
        long anchorMicros;
        long anchorRtp;
        if (senderReportTimeline) {
            anchorMicros = firstReportMicros[track];
            anchorRtp = unwrapped + (int) (firstReportRtp[track] - timestamp32);
        } else {
            anchorMicros = wallClock.millis() * 1000;
            anchorRtp = unwrapped;
        }
        offsets[track] = Math.floorDiv(Math.multiplyExact(anchorMicros - baseMicros, (long) clockRates[track]),
                1_000_000L) - anchorRtp;
        anchored[track] = true;
    }
}
