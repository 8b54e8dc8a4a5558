package io.rtsprecorder.media.mux;

import io.rtsprecorder.media.codec.AudioSpecificConfig;
import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.CodecFormatException;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.NalUnits;
import io.rtsprecorder.media.codec.TrackFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * MPEG-TS segments (ISO 13818-1): H.264 (stream type 0x1B), H.265 (0x24) and AAC in ADTS (0x0F). G.711 has no
 * common TS mapping and is refused at creation (record it to MP4 or FLV).
 *
 * <p>PAT and PMT open the file and precede every video keyframe; each video PES carries an access unit delimiter,
 * the parameter sets before keyframes, and a PCR in its first packet (so at least every frame interval), with the
 * random access indicator on keyframes. Timestamps start at 1.4 s so decode times before presentation stay
 * positive. A file cut by a crash plays up to its last whole 188-byte packet.
 */
final class MpegTsWriter extends OutputSegmentWriter {

    private static final int PACKET = 188;
    private static final int PMT_PID = 0x1000;
    private static final int FIRST_ES_PID = 0x100;
    private static final long TIMESTAMP_BASE = 126_000; // 1.4 s at 90 kHz
    private static final byte[] H264_AUD = {0, 0, 0, 1, 9, (byte) 0xF0};
    private static final byte[] H265_AUD = {0, 0, 0, 1, 0x46, 1, 0x50};

    private final List<TrackFormat> formats;
    private final SegmentClock clock;
    private final int pcrPid;
    private final int[] continuity = new int[0x2000];
    /** The output's buffer: packets collect here and are written once per flush interval. */
    private final BoxWriter buffer;
    private final byte[] packet = new byte[PACKET];
    private final AudioSpecificConfig[] audioConfigs;
    private long maxMicros;

    MpegTsWriter(SegmentOutput output, List<TrackFormat> formats, Duration flushInterval) throws IOException {
        super(output);
        this.buffer = output.buffer();
        this.formats = List.copyOf(formats);
        this.clock = new SegmentClock(flushInterval);
        this.audioConfigs = new AudioSpecificConfig[formats.size()];
        int pcr = -1;
        for (int i = 0; i < formats.size(); i++) {
            TrackFormat f = formats.get(i);
            switch (f.codec()) {
                case H264, H265 -> pcr = pcr < 0 ? FIRST_ES_PID + i : pcr;
                case AAC -> audioConfigs[i] = AudioSpecificConfig.parse(f.audioSpecificConfig());
                default -> throw new CodecFormatException(f.codec() + " is not recorded to MPEG-TS; use mp4 or flv");
            }
        }
        this.pcrPid = pcr >= 0 ? pcr : FIRST_ES_PID;
        writeTables();
    }

    public static MpegTsWriter create(Path file, List<TrackFormat> formats, Duration flushInterval) throws IOException {
        return SegmentOutput.create(file).open(o -> new MpegTsWriter(o, formats, flushInterval));
    }

    /** Writes to {@code channel} (closed with the writer); values patched at close stay as first written. */
    public static MpegTsWriter create(WritableByteChannel channel, List<TrackFormat> formats, Duration flushInterval)
            throws IOException {
        return SegmentOutput.of(channel).open(o -> new MpegTsWriter(o, formats, flushInterval));
    }

    @Override
    public void write(Frame frame) throws IOException {
        ensureOpen();
        long micros = clock.decodeMicros(frame);
        if (micros < 0) {
            return;
        }
        maxMicros = Math.max(maxMicros, micros);
        long dts = TIMESTAMP_BASE + micros * 9 / 100;
        long pts = TIMESTAMP_BASE + clock.presentationMicros(frame) * 9 / 100;
        int pid = FIRST_ES_PID + frame.track();
        Codec codec = frame.format().codec();
        byte[] payload;
        if (codec.isVideo()) {
            if (frame.keyframe()) {
                writeTables();
            }
            ByteArrayOutputStream es = new ByteArrayOutputStream(frame.data().length + 256);
            es.writeBytes(codec == Codec.H265 ? H265_AUD : H264_AUD);
            if (frame.keyframe()) {
                es.writeBytes(NalUnits.toAnnexB(frame.format().parameterSets()));
            }
            es.writeBytes(NalUnits.toAnnexB(NalUnits.splitLengthPrefixed(frame.data())));
            payload = es.toByteArray();
        } else {
            byte[] header = audioConfigs[frame.track()].adtsHeader(frame.data().length);
            payload = new byte[header.length + frame.data().length];
            System.arraycopy(header, 0, payload, 0, header.length);
            System.arraycopy(frame.data(), 0, payload, header.length, frame.data().length);
        }
        writePes(pid, codec.isVideo() ? 0xE0 : 0xC0, payload, pts, dts, frame.keyframe() && codec.isVideo());
        if (clock.flushDue(micros)) {
            output.writeBuffer();
        }
    }

    private void writePes(int pid, int streamId, byte[] es, long pts, long dts, boolean randomAccess) {
        boolean withDts = dts != pts;
        int headerLength = withDts ? 10 : 5;
        int pesLength = 3 + headerLength + es.length;
        byte[] pes = new byte[6 + pesLength];
        pes[2] = 1;
        pes[3] = (byte) streamId;
        if (streamId != 0xE0 && pesLength <= 0xFFFF) { // video PES may leave the length unbounded (0)
            pes[4] = (byte) (pesLength >> 8);
            pes[5] = (byte) pesLength;
        }
        pes[6] = (byte) 0x80;
        pes[7] = (byte) (withDts ? 0xC0 : 0x80);
        pes[8] = (byte) headerLength;
        timestamp(pes, 9, withDts ? 3 : 2, pts);
        if (withDts) {
            timestamp(pes, 14, 1, dts);
        }
        System.arraycopy(es, 0, pes, 9 + headerLength, es.length);
        boolean pcr = pid == pcrPid;
        packetize(pid, pes, randomAccess, pcr ? dts - 9000 : -1); // PCR runs 100 ms ahead of decoding
    }

    private static void timestamp(byte[] b, int at, int prefix, long ts) {
        b[at] = (byte) ((prefix << 4) | (int) ((ts >> 29) & 0x0E) | 1);
        b[at + 1] = (byte) (ts >> 22);
        b[at + 2] = (byte) (((ts >> 14) & 0xFE) | 1);
        b[at + 3] = (byte) (ts >> 7);
        b[at + 4] = (byte) (((ts << 1) & 0xFE) | 1);
    }

    /** Splits a PES into TS packets; the first may carry a PCR and the random access flag, the last is stuffed. */
    private void packetize(int pid, byte[] data, boolean randomAccess, long pcr) {
        int pos = 0;
        boolean first = true;
        while (pos < data.length) {
            java.util.Arrays.fill(packet, (byte) 0xFF);
            packet[0] = 0x47;
            packet[1] = (byte) ((first ? 0x40 : 0) | (pid >> 8));
            packet[2] = (byte) pid;
            int adaptation = 0;
            if (first && (pcr >= 0 || randomAccess)) {
                adaptation = pcr >= 0 ? 8 : 2; // length byte + flags (+ 6 PCR bytes)
            }
            int room = PACKET - 4 - adaptation;
            int n = Math.min(room, data.length - pos);
            int stuffing = room - n;
            if (stuffing > 0 && adaptation == 0) {
                adaptation = stuffing == 1 ? 1 : 2;
                stuffing -= adaptation;
            }
            int total = adaptation + stuffing;
            packet[3] = (byte) ((total > 0 ? 0x30 : 0x10) | continuity[pid]);
            continuity[pid] = (continuity[pid] + 1) & 0x0F;
            int p = 4;
            if (total > 0) {
                packet[p++] = (byte) (total - 1);
                if (total > 1) {
                    int flags = (randomAccess && first ? 0x40 : 0) | (first && pcr >= 0 ? 0x10 : 0);
                    packet[p++] = (byte) flags;
                    if (first && pcr >= 0) {
                        long base = pcr & 0x1FFFFFFFFL;
                        packet[p++] = (byte) (base >> 25);
                        packet[p++] = (byte) (base >> 17);
                        packet[p++] = (byte) (base >> 9);
                        packet[p++] = (byte) (base >> 1);
                        packet[p++] = (byte) (((base & 1) << 7) | 0x7E);
                        packet[p++] = 0;
                    }
                    p = 4 + total; // the rest of the adaptation field is stuffing (0xFF)
                }
            }
            System.arraycopy(data, pos, packet, p, n);
            pos += n;
            first = false;
            buffer.bytes(packet, 0, PACKET);
        }
    }

    /** PAT and PMT. */
    private void writeTables() {
        byte[] pat = section(0x00, 1, new byte[] {0, 1, (byte) (0xE0 | (PMT_PID >> 8)), (byte) PMT_PID});
        ByteArrayOutputStream pmtBody = new ByteArrayOutputStream();
        pmtBody.write(0xE0 | (pcrPid >> 8));
        pmtBody.write(pcrPid);
        pmtBody.write(0xF0);
        pmtBody.write(0);
        for (int i = 0; i < formats.size(); i++) {
            int type = switch (formats.get(i).codec()) {
                case H264 -> 0x1B;
                case H265 -> 0x24;
                default -> 0x0F;
            };
            int pid = FIRST_ES_PID + i;
            pmtBody.writeBytes(new byte[] {(byte) type, (byte) (0xE0 | (pid >> 8)), (byte) pid, (byte) 0xF0, 0});
        }
        byte[] pmt = section(0x02, 1, pmtBody.toByteArray());
        packetizeSection(0, pat);
        packetizeSection(PMT_PID, pmt);
    }

    private static byte[] section(int tableId, int idExtension, byte[] body) {
        int length = 5 + body.length + 4;
        byte[] s = new byte[3 + length];
        s[0] = (byte) tableId;
        s[1] = (byte) (0xB0 | (length >> 8));
        s[2] = (byte) length;
        s[3] = (byte) (idExtension >> 8);
        s[4] = (byte) idExtension;
        s[5] = (byte) 0xC1; // version 0, current
        s[6] = 0;
        s[7] = 0;
        System.arraycopy(body, 0, s, 8, body.length);
        int crc = crc32(s, 0, s.length - 4);
        s[s.length - 4] = (byte) (crc >> 24);
        s[s.length - 3] = (byte) (crc >> 16);
        s[s.length - 2] = (byte) (crc >> 8);
        s[s.length - 1] = (byte) crc;
        return s;
    }

    private void packetizeSection(int pid, byte[] section) {
        java.util.Arrays.fill(packet, (byte) 0xFF);
        packet[0] = 0x47;
        packet[1] = (byte) (0x40 | (pid >> 8));
        packet[2] = (byte) pid;
        packet[3] = (byte) (0x10 | continuity[pid]);
        continuity[pid] = (continuity[pid] + 1) & 0x0F;
        packet[4] = 0; // pointer field
        System.arraycopy(section, 0, packet, 5, section.length);
        buffer.bytes(packet, 0, PACKET);
    }

    /** CRC-32/MPEG-2: polynomial 0x04C11DB7, initial value all ones, no reflection. */
    static int crc32(byte[] data, int offset, int length) {
        int crc = 0xFFFFFFFF;
        for (int i = offset; i < offset + length; i++) {
            crc ^= (data[i] & 0xFF) << 24;
            for (int b = 0; b < 8; b++) {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }
        return crc;
    }

    @Override
    public double durationSeconds() {
        return maxMicros / 1e6;
    }

    @Override
    public void close() throws IOException {
        output.close();
    }
}
