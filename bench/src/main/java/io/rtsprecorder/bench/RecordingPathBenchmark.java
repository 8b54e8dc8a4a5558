package io.rtsprecorder.bench;

import io.rtsprecorder.media.codec.AudioSpecificConfig;
import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.NalUnits;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.mux.FragmentedMp4Writer;
import io.rtsprecorder.media.rtp.RtpDepacketizer;
import io.rtsprecorder.media.rtp.RtpPacket;
import io.rtsprecorder.media.rtp.RtpPacketizer;
import io.rtsprecorder.media.rtp.RtpStreamWriter;
import io.rtsprecorder.media.rtp.RtpTimestampUnwrapper;
import io.rtsprecorder.media.rtsp.wire.InterleavedFrame;
import io.rtsprecorder.media.rtsp.wire.RtspMessage;
import io.rtsprecorder.media.rtsp.wire.RtspMessageReader;
import io.rtsprecorder.media.rtsp.wire.RtspMessageWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The recording hot path on one core: an RTSP/TCP byte stream carrying 10 s of a 4 Mbit/s H.264 + 64 kbit/s AAC
 * camera (interleaved RTP) is read, depacketized and written as fragmented MP4. One operation processes the whole
 * 10 s stream ({@link #STREAM_BYTES} bytes), so MB/s per core = ops/s x STREAM_BYTES / 1e6 (printed at setup).
 *
 * <p>The video payload is synthetic (random slice data behind real NAL headers): nothing on this path decodes
 * pictures, so its cost depends only on sizes and packet counts, which match a real 4 Mbit/s camera: 25 fps,
 * 2 s GOP, 20 KB frames, 100 KB keyframes, 1400-byte RTP payloads.
 *
 * <p>The file goes to tmpfs ({@code /dev/shm} when there is one): written to a disk-backed file system, each
 * operation's 5 MB piled up dirty pages until writeback throttled the writer, and the error bars (90 ± 137 ops/s
 * in one fork) measured the page cache, not the path. On tmpfs the write is the same system call and copy, minus
 * writeback. Three forks of ten 1 s iterations after five of warm-up make the error small enough to compare.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(3)
public class RecordingPathBenchmark {

    static long STREAM_BYTES;

    private byte[] stream;
    private TrackFormat video;
    private TrackFormat audio;
    private Path dir;
    private int file;

    @Setup(Level.Trial)
    public void buildStream() throws IOException {
        byte[] sps = Base64.getDecoder().decode("Z0IAKeKQFAe2AtwEBAaQeJEV");
        byte[] pps = Base64.getDecoder().decode("aM48gA==");
        video = TrackFormat.video(Codec.H264, 1920, 1080, List.of(sps, pps));
        audio = TrackFormat.audio(Codec.AAC, 48_000, 1, AudioSpecificConfig.build(2, 48_000, 1));
        Random random = new Random(42);
        ByteArrayOutputStream wire = new ByteArrayOutputStream(6 << 20);
        RtspMessageWriter writer = new RtspMessageWriter(wire);
        RtpStreamWriter videoOut = new RtpStreamWriter(RtpPacketizer.forCodec(Codec.H264, 1400), 96, 1, 90_000, 1400, 0,
                0);
        RtpStreamWriter audioOut = new RtpStreamWriter(RtpPacketizer.forCodec(Codec.AAC, 1400), 97, 2, 48_000, 1400, 0,
                0);
        int audioFrame = 0;
        for (int i = 0; i < 250; i++) {
            boolean key = i % 50 == 0;
            byte[] slice = new byte[key ? 100_000 : 18_000];
            random.nextBytes(slice);
            slice[0] = (byte) (key ? 0x65 : 0x41);
            Frame f = new Frame(0, video, i * 3600L, i * 3600L, key, NalUnits.toLengthPrefixed(List.of(slice)));
            videoOut.write(f, i * 3600L, (p, len, ts) -> writeFrame(writer, 0, p, len));
            while (audioFrame * 1024L * 25 < (i + 1) * 48_000L) {
                byte[] au = new byte[340];
                random.nextBytes(au);
                long t = audioFrame * 1024L;
                audioOut.write(new Frame(1, audio, t, t, true, au), t, (p, len, ts) -> writeFrame(writer, 2, p, len));
                audioFrame++;
            }
        }
        stream = wire.toByteArray();
        STREAM_BYTES = stream.length;
        Path shm = Path.of("/dev/shm");
        dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "rtsp-recorder-bench")
                : Files.createTempDirectory("rtsp-recorder-bench");
        System.out.printf("%nstream: %d bytes for 10 s (%.2f Mbit/s); MB/s per core = ops/s x %.3f%n",
                stream.length, stream.length * 8 / 10e6, stream.length / 1e6);
    }

    private static void writeFrame(RtspMessageWriter writer, int channel, byte[] packet, int length) {
        try {
            writer.writeInterleaved(channel, packet, 0, length);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Read interleaved RTP from an RTSP byte stream, depacketize, write fragmented MP4 to a file. */
    @Benchmark
    public long readDepacketizeAndWriteFragmentedMp4() throws IOException {
        Path out = dir.resolve("segment-" + (file++) + ".mp4");
        RtspMessageReader reader = new RtspMessageReader(new ByteArrayInputStream(stream));
        RtpDepacketizer[] depacketizers = {RtpDepacketizer.forTrack(0, video, Map.of()),
            RtpDepacketizer.forTrack(1, audio, Map.of())};
        RtpTimestampUnwrapper[] unwrappers = {new RtpTimestampUnwrapper(), new RtpTimestampUnwrapper()};
        try (FragmentedMp4Writer writer = FragmentedMp4Writer.create(out, List.of(video, audio), Instant.now(),
                Duration.ofSeconds(1))) {
            for (RtspMessage m = reader.read(); m != null; m = reader.read()) {
                InterleavedFrame f = (InterleavedFrame) m;
                int track = f.channel() / 2;
                RtpPacket p = RtpPacket.parse(f.payload(), 0, f.payload().length);
                depacketizers[track].push(p, unwrappers[track].unwrap(p.timestamp()), frame -> {
                    try {
                        writer.write(frame);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            for (RtpDepacketizer d : depacketizers) {
                d.flush(frame -> {
                    try {
                        writer.write(frame);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            long size = writer.bytesWritten();
            return size;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @TearDown(Level.Trial)
    public void cleanUp() throws IOException {
        Files.deleteIfExists(dir);
    }

}
