package io.rtsprecorder.media.mux;

import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.CodecFormatException;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * FLV segments: H.264 and AAC as classic FLV tags, G.711 natively (sound formats 7 and 8), H.265 as enhanced FLV
 * ({@code hvc1} FourCC, sequence start + coded frames with composition time).
 *
 * <p>FLV is append-only, so a file cut by a crash plays up to its last complete tag. Tags are collected in memory
 * and written about once per {@code flushInterval} in one write. A clean close writes the remaining tags and
 * patches the duration into {@code onMetaData}. Timestamps are milliseconds from the segment's first frame; frames
 * before it are dropped.
 */
final class FlvWriter extends OutputSegmentWriter {

    private static final int TAG_AUDIO = 8;
    private static final int TAG_VIDEO = 9;
    private static final int TAG_SCRIPT = 18;

    private final List<TrackFormat> formats;
    private final SegmentClock clock;
    /** The output's buffer: tags are composed here, their sizes filled in, and written once per flush interval. */
    private final BoxWriter buffer;
    private final boolean[] configured;
    private final long[] lastDtsMillis;
    private long durationOffset;
    private long maxMillis;

    FlvWriter(SegmentOutput output, List<TrackFormat> formats, Duration flushInterval) throws IOException {
        super(output);
        this.buffer = output.buffer();
        this.formats = List.copyOf(formats);
        this.clock = new SegmentClock(flushInterval);
        this.configured = new boolean[formats.size()];
        this.lastDtsMillis = new long[formats.size()];
        java.util.Arrays.fill(lastDtsMillis, Long.MIN_VALUE);
        boolean video = formats.stream().anyMatch(f -> f.codec().isVideo());
        boolean audio = formats.stream().anyMatch(f -> f.codec() != Codec.LPCM && f.codec().isAudio());
        for (TrackFormat f : formats) {
            if (f.codec() == Codec.LPCM) {
                throw new CodecFormatException("16-bit PCM is not recorded to FLV; use mp4");
            }
            if ((f.codec() == Codec.PCMA || f.codec() == Codec.PCMU) && (f.sampleRate() != 8000 || f.channels() != 1)) {
                throw new CodecFormatException("FLV carries G.711 only as 8 kHz mono, not " + f);
            }
        }
        buffer.bytes("FLV".getBytes()).u8(1).u8((audio ? 4 : 0) | (video ? 1 : 0)).u32(9).u32(0);
        writeMetadata(video, audio);
        output.writeBuffer();
    }

    public static FlvWriter create(Path file, List<TrackFormat> formats, Duration flushInterval) throws IOException {
        return SegmentOutput.create(file).open(o -> new FlvWriter(o, formats, flushInterval));
    }

    /** Writes to {@code channel} (closed with the writer); values patched at close stay as first written. */
    public static FlvWriter create(WritableByteChannel channel, List<TrackFormat> formats, Duration flushInterval)
            throws IOException {
        return SegmentOutput.of(channel).open(o -> new FlvWriter(o, formats, flushInterval));
    }

    /** onMetaData with a duration placeholder (patched on close) and the stream's codecs and size. */
    private void writeMetadata(boolean video, boolean audio) {
        int tagStart = beginTag(TAG_SCRIPT, 0);
        buffer.u8(2).u16(10).bytes("onMetaData".getBytes()).u8(8).u32(0);
        number("duration", 0);
        durationOffset = output.bytesWritten() - 8; // bytesWritten() counts the buffered bytes
        for (TrackFormat f : formats) {
            if (f.codec().isVideo()) {
                number("width", f.width());
                number("height", f.height());
                number("videocodecid", f.codec() == Codec.H264 ? 7 : 12);
            } else if (audio) {
                number("audiocodecid", f.codec() == Codec.AAC ? 10 : f.codec() == Codec.PCMA ? 7 : 8);
                number("audiosamplerate", f.sampleRate());
            }
        }
        buffer.u16(0).u8(9); // end of object
        endTag(tagStart);
    }

    private void number(String name, double value) {
        buffer.u16(name.length()).bytes(name.getBytes()).u8(0).u64(Double.doubleToLongBits(value));
    }

    @Override
    public void write(Frame frame) throws IOException {
        ensureOpen();
        long micros = clock.decodeMicros(frame);
        if (micros < 0) {
            return;
        }
        int t = frame.track();
        long dtsMillis = micros / 1000;
        if (dtsMillis < lastDtsMillis[t]) {
            return; // out of order within a track: FLV timestamps must not go back
        }
        lastDtsMillis[t] = dtsMillis;
        long ptsMillis = clock.presentationMicros(frame) / 1000;
        int cto = (int) Math.max(-0x800000, Math.min(0x7FFFFF, ptsMillis - dtsMillis));
        maxMillis = Math.max(maxMillis, dtsMillis);
        switch (frame.format().codec()) {
            case H264 -> {
                if (!configured[t]) {
                    int tag = beginTag(TAG_VIDEO, dtsMillis);
                    buffer.u8(0x17).u8(0).u24(0);
                    DecoderConfigurationRecords.avc(buffer, frame.format());
                    endTag(tag);
                    configured[t] = true;
                }
                int tag = beginTag(TAG_VIDEO, dtsMillis);
                buffer.u8((frame.keyframe() ? 0x10 : 0x20) | 7).u8(1).u24(cto & 0xFFFFFF).bytes(frame.data());
                endTag(tag);
            }
            case H265 -> {
                if (!configured[t]) {
                    int tag = beginTag(TAG_VIDEO, dtsMillis);
                    buffer.u8(0x80 | 0x10).bytes("hvc1".getBytes()); // ExHeader, keyframe, SequenceStart
                    DecoderConfigurationRecords.hevc(buffer, frame.format());
                    endTag(tag);
                    configured[t] = true;
                }
                int tag = beginTag(TAG_VIDEO, dtsMillis);
                buffer.u8(0x80 | (frame.keyframe() ? 0x10 : 0x20) | 1).bytes("hvc1".getBytes()).u24(cto & 0xFFFFFF)
                        .bytes(frame.data());
                endTag(tag);
            }
            case AAC -> {
                if (!configured[t]) {
                    int tag = beginTag(TAG_AUDIO, dtsMillis);
                    buffer.u8(0xAF).u8(0).bytes(frame.format().audioSpecificConfig());
                    endTag(tag);
                    configured[t] = true;
                }
                int tag = beginTag(TAG_AUDIO, dtsMillis);
                buffer.u8(0xAF).u8(1).bytes(frame.data());
                endTag(tag);
            }
            case PCMA, PCMU -> {
                int tag = beginTag(TAG_AUDIO, dtsMillis);
                // sound format 7/8, "5.5 kHz" rate bits (G.711 is always 8 kHz in FLV), 16-bit flag, mono
                buffer.u8(((frame.format().codec() == Codec.PCMA ? 7 : 8) << 4) | 0x02).bytes(frame.data());
                endTag(tag);
            }
            case LPCM -> throw new CodecFormatException("16-bit PCM is not recorded to FLV");
        }
        if (clock.flushDue(micros)) {
            output.writeBuffer();
        }
    }

    private int beginTag(int type, long millis) {
        int start = buffer.position();
        buffer.u8(type).u24(0).u24((int) (millis & 0xFFFFFF)).u8((int) ((millis >>> 24) & 0xFF)).u24(0);
        return start;
    }

    private void endTag(int start) {
        int dataSize = buffer.position() - start - 11;
        byte[] a = buffer.array();
        a[start + 1] = (byte) (dataSize >> 16);
        a[start + 2] = (byte) (dataSize >> 8);
        a[start + 3] = (byte) dataSize;
        buffer.u32(11L + dataSize);
    }

    @Override
    public double durationSeconds() {
        return maxMillis / 1000.0;
    }

    @Override
    public void close() throws IOException {
        output.close(() -> output.patch(durationOffset, ByteBuffer.allocate(8).putDouble(maxMillis / 1000.0).flip()));
    }
}
