package io.rtsprecorder.media.rtsp;

import io.rtsprecorder.media.rtp.RtcpPackets;
import io.rtsprecorder.media.rtp.RtpPacket;
import io.rtsprecorder.media.rtp.RtpReorderBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the recorder knows about the RTP source of one track, kept as RFC 3550 Appendix A says: the extended
 * highest sequence number with its cycles and the packets received (A.1), the packets lost in all and since the
 * previous report (A.3), the interarrival jitter (A.8), and the last sender report, which together make the report
 * block of our receiver reports (§6.4.1). Over UDP it also owns the buffer that puts packets back in order.
 *
 * <p>Sequence numbers follow A.1's {@code update_seq}: a step of less than {@link #MAX_DROPOUT} ahead (across a
 * wrap at 65535 too) advances the highest number; up to {@link #MAX_MISORDER} behind is a reordered or duplicate
 * packet, counted as received but not advancing it; anything else is a jump, taken as a restart of the source once
 * the packet after it follows in sequence. A new SSRC starts all statistics again. Unlike A.1 there is no
 * probation: the source is the one the RTSP session set up, and its first packet belongs to the first keyframe.
 * The statistics never decide what reaches the depacketizer; it notices gaps itself.
 *
 * <p>Threads: everything but {@link #statistics} runs on the session's reading thread, which owns the fields. The
 * few values other threads may read are also written into {@link #shared} with opaque stores (plain moves on
 * x86 and ARM, no fence, no lock), so a status request costs the hot path nothing; each value read there is
 * current, together they may be a packet apart.
 */
final class RtpReceiver {

    /** A.1: the largest step ahead that is still the same stream (packets lost in between). */
    static final int MAX_DROPOUT = 3000;
    /** A.1: the largest step back that is a reordered or duplicate packet rather than a jump. */
    static final int MAX_MISORDER = 100;
    private static final int SEQ_MOD = 1 << 16;
    private static final int SHARED_SSRC = 0;
    private static final int SHARED_RECEIVED = 1;
    private static final int SHARED_LOST = 2;
    private static final int SHARED_JITTER = 3;
    private static final int SHARED_LAST_ARRIVAL = 4;

    private final int clockRate;
    private final RtpReorderBuffer reorder;

    private long ssrc = -1;
    private int maxSeq;
    private long cycles;
    private int baseSeq;
    private int badSeq;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    /** A.8 jitter in RTP clock units, times 16 (the integer form of the RFC's 1/16 filter). */
    private long jitter16;
    private int transit;
    private boolean transitKnown;
    /** Arrival times are taken relative to this one, so that their conversion to the RTP clock cannot overflow. */
    private long arrivalBaseNanos;
    private long lastSenderReport;
    private long lastSenderReportNanos;
    private boolean senderReportSeen;
    private boolean byeReceived;
    private final AtomicLongArray shared = new AtomicLongArray(5);

    /**
     * @param clockRate the track's RTP clock rate, in which jitter is measured
     * @param reorderCapacity packets the reorder buffer may hold (UDP), or 0 for none (TCP delivers in order)
     */
    RtpReceiver(int clockRate, int reorderCapacity) {
        this.clockRate = Math.max(1, clockRate);
        this.reorder = reorderCapacity > 0 ? new RtpReorderBuffer(reorderCapacity) : null;
        shared.set(SHARED_SSRC, -1);
    }

    /** A packet as it arrived, over TCP: only the statistics; the caller hands it on. */
    void received(RtpPacket packet, long arrivalNanos) {
        count(packet, arrivalNanos);
    }

    /**
     * A packet as it arrived, over UDP: statistics in arrival order, as A.8 wants them, then through the reorder
     * buffer to {@code inOrder}. A new source first gets the old one's held packets out.
     */
    void receivedUnordered(RtpPacket packet, long arrivalNanos, RtpReorderBuffer.Sink inOrder) {
        if (count(packet, arrivalNanos)) {
            reorder.drain(inOrder);
        }
        reorder.push(packet, inOrder);
    }

    /** The end of the stream: whatever the reorder buffer still holds, in order. */
    void drain(RtpReorderBuffer.Sink inOrder) {
        if (reorder != null) {
            reorder.drain(inOrder);
        }
    }

    /** Counts a packet; true when it is the first of a new source. */
    private boolean count(RtpPacket packet, long arrivalNanos) {
        int seq = packet.sequenceNumber();
        boolean newSource = packet.ssrc() != ssrc;
        if (newSource) {
            ssrc = packet.ssrc();
            initSequence(seq);
            jitter16 = 0;
            arrivalBaseNanos = arrivalNanos;
            byeReceived = false;
            received = 1;
        } else if (!updateSequence(seq)) {
            shared.setOpaque(SHARED_LAST_ARRIVAL, arrivalNanos);
            return false;
        }
        updateJitter(packet.timestamp(), arrivalNanos);
        shared.setOpaque(SHARED_RECEIVED, received);
        shared.setOpaque(SHARED_LOST, expected() - received);
        shared.setOpaque(SHARED_JITTER, jitter16);
        shared.setOpaque(SHARED_LAST_ARRIVAL, arrivalNanos);
        if (newSource) {
            shared.setRelease(SHARED_SSRC, ssrc); // after the values above: a reader that sees it sees them
        }
        return newSource;
    }

    /** A.1 {@code init_seq}. */
    private void initSequence(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = SEQ_MOD + 1; // matches no sequence number
        cycles = 0;
        received = 0;
        receivedPrior = 0;
        expectedPrior = 0;
        transitKnown = false; // a restarted source's timestamps start elsewhere too
    }

    /** A.1 {@code update_seq} without probation; false for the first packet after a jump, which is not counted. */
    private boolean updateSequence(int seq) {
        int udelta = (seq - maxSeq) & 0xFFFF;
        if (udelta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += SEQ_MOD; // wrapped
            }
            maxSeq = seq;
        } else if (udelta <= SEQ_MOD - MAX_MISORDER) {
            if (seq != badSeq) {
                badSeq = (seq + 1) & 0xFFFF;
                return false;
            }
            initSequence(seq); // two packets in sequence after the jump: the source restarted
        }
        // else: a duplicate or reordered packet, counted but not advancing maxSeq
        received++;
        return true;
    }

    /** A.8: J += (|D(i-1,i)| - J) / 16, with the arrival time converted to the RTP clock. */
    private void updateJitter(long rtpTimestamp, long arrivalNanos) {
        int transitNow = (int) (toRtpClock(arrivalNanos - arrivalBaseNanos) - rtpTimestamp);
        if (transitKnown) {
            long d = Math.abs((long) (transitNow - transit));
            jitter16 += d - ((jitter16 + 8) >> 4);
        }
        transit = transitNow;
        transitKnown = true;
    }

    private long toRtpClock(long nanos) {
        long seconds = Math.floorDiv(nanos, 1_000_000_000L);
        long rest = Math.floorMod(nanos, 1_000_000_000L);
        return seconds * clockRate + rest * clockRate / 1_000_000_000L;
    }

    private long extendedHighestSequence() {
        return cycles + maxSeq;
    }

    private long expected() {
        return extendedHighestSequence() - baseSeq + 1;
    }

    /** A sender report of the camera's: its NTP time goes back in our next report (LSR), with how long ago (DLSR). */
    void senderReport(RtcpPackets.SenderReport sr, long arrivalNanos) {
        lastSenderReport = (sr.ntpTimestamp() >>> 16) & 0xFFFFFFFFL;
        lastSenderReportNanos = arrivalNanos;
        senderReportSeen = true;
    }

    /** Whether a packet has arrived, so that there is a source to report on. */
    boolean hasSource() {
        return ssrc >= 0;
    }

    long ssrc() {
        return ssrc;
    }

    /** The current source said BYE; a new source clears this. */
    void byeReceived() {
        byeReceived = true;
    }

    boolean hasByeReceived() {
        return byeReceived;
    }

    /**
     * The report block to send now (A.3). It starts the next interval of "fraction lost", so call it once per
     * report sent. Only valid once {@link #hasSource()}.
     */
    RtcpPackets.ReportBlock nextReportBlock(long nowNanos) {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        expectedPrior = expected;
        long receivedInterval = received - receivedPrior;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0
                : (int) Math.min(255, (lostInterval << 8) / expectedInterval);
        int cumulative = Math.clamp(expected - received, -0x800000, 0x7FFFFF);
        long dlsr = senderReportSeen ? (nowNanos - lastSenderReportNanos) * 65536 / 1_000_000_000L : 0;
        return new RtcpPackets.ReportBlock(ssrc, fraction, cumulative, extendedHighestSequence() & 0xFFFFFFFFL,
                Math.min(jitter16 >> 4, 0xFFFFFFFFL), senderReportSeen ? lastSenderReport : 0, dlsr);
    }

    /** What a status page shows; safe on any thread. */
    ReceptionStatistics statistics(int track, long nowNanos) {
        if (shared.getAcquire(SHARED_SSRC) < 0) {
            return new ReceptionStatistics(track, 0, 0, 0, null);
        }
        double jitterMillis = shared.getOpaque(SHARED_JITTER) / 16.0 * 1000 / clockRate;
        long age = Math.max(0, nowNanos - shared.getOpaque(SHARED_LAST_ARRIVAL));
        return new ReceptionStatistics(track, shared.getOpaque(SHARED_RECEIVED), shared.getOpaque(SHARED_LOST),
                jitterMillis, Duration.ofNanos(age));
    }
}
