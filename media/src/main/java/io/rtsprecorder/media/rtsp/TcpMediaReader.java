package io.rtsprecorder.media.rtsp;

import io.rtsprecorder.media.rtp.FrameSink;
import io.rtsprecorder.media.rtsp.wire.InterleavedFrame;
import io.rtsprecorder.media.rtsp.wire.RtspMessage;
import io.rtsprecorder.media.rtsp.wire.RtspMessageReader;
import io.rtsprecorder.media.rtsp.wire.RtspMessageWriter;
import io.rtsprecorder.media.rtsp.wire.RtspResponse;
import io.rtsprecorder.media.timing.SharedBeat;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RTP and RTCP interleaved on the RTSP connection (RFC 2326 §10.12), the default transport and the only one a
 * plain TCP forwarder carries. Packets arrive in order; answers to keep-alives arrive among them. Our receiver
 * reports go out on the same connection, under the writer's lock that keep-alives and TEARDOWN share.
 */
final class TcpMediaReader implements MediaReader {

    private static final Logger log = LoggerFactory.getLogger(TcpMediaReader.class);
    /**
     * How long the TCP reader rests once it has read everything the socket holds. A camera sends each frame as a
     * burst of packets, some 70 bursts a second with audio; reading each burst as it lands costs a wake-up, a
     * read that comes back empty and a re-arm of the poller; at 100 cameras, wake-ups like these were about a fifth
     * of the recorder's CPU in the profile. Resting lets the kernel's receive buffer gather a few bursts (20 KB at
     * 4 Mbit/s) for one read. Recording does not care about 40 ms of latency, and the pause only starts when the
     * socket is empty, so it never limits throughput. The rest ends on the {@link SharedBeat} of all cameras, so
     * that their readers wake together rather than each at its own phase.
     */
    static final Duration TCP_READ_REST = Duration.ofMillis(40);

    private final RtspMessageReader reader;
    private final RtspMessageWriter writer;
    private final MediaReception reception;
    private final List<SessionTrack> tracks;
    /** The track each interleaved channel (0 to 255) belongs to, as SETUP agreed; null for unknown channels. */
    private final SessionTrack[] byChannel = new SessionTrack[256];
    private final BooleanSupplier closed;
    private final String maskedUrl;

    TcpMediaReader(RtspMessageReader reader, RtspMessageWriter writer, MediaReception reception,
                   BooleanSupplier closed, String maskedUrl) {
        this.reader = reader;
        this.writer = writer;
        this.reception = reception;
        this.tracks = reception.tracks();
        for (SessionTrack t : tracks) {
            byChannel[t.rtpChannel() & 0xFF] = t;
            byChannel[t.rtcpChannel() & 0xFF] = t;
        }
        this.closed = closed;
        this.maskedUrl = maskedUrl;
    }

    @Override
    public void read(FrameSink sink) throws IOException {
        long lastReport = System.nanoTime();
        while (!closed.getAsBoolean()) {
            RtspMessage m = reader.read();
            if (m == null) {
                throw new EOFException("camera closed the connection");
            }
            long now = System.nanoTime();
            if (m instanceof InterleavedFrame f) {
                SessionTrack t = byChannel[f.channel() & 0xFF];
                if (t != null) {
                    byte[] payload = f.payload();
                    reception.countBytes(payload.length + 4L);
                    if (f.channel() == t.rtpChannel()) {
                        reception.rtp(t, payload, now, sink);
                    } else {
                        reception.rtcp(t, payload, now);
                    }
                }
            } else if (m instanceof RtspResponse r && r.status() >= 400) {
                log.debug("{} answered a keep-alive with {}", maskedUrl, r.status());
            }
            if (now - lastReport >= RECEIVER_REPORT_NANOS) {
                lastReport = now;
                sendReceiverReports(now);
            }
            if (reader.drained()) {
                rest();
            }
        }
    }

    private void sendReceiverReports(long now) throws IOException {
        synchronized (writer) {
            for (SessionTrack t : tracks) {
                byte[] rr = reception.receiverReport(t, now);
                if (rr != null) {
                    writer.writeInterleaved(t.rtcpChannel(), rr, 0, rr.length);
                }
            }
            writer.flush();
        }
    }

    private static void rest() throws IOException {
        try {
            SharedBeat.sleepToNext(TCP_READ_REST);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while streaming");
        }
    }
}
