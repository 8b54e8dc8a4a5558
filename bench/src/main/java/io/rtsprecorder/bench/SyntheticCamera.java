package io.rtsprecorder.bench;

import io.rtsprecorder.media.codec.AudioSpecificConfig;
import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.NalUnits;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.mux.FragmentedMp4Writer;
import io.rtsprecorder.media.record.SegmentNaming;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * Recordings of a 4 Mbit/s 1080p H.264 + AAC camera, made without a camera: real H.264 parameter sets and NAL
 * headers around random slice data (nothing on the export path decodes pictures), 25 fps, 2 s GOP, 20 KB frames
 * and 100 KB keyframes, 48 kHz AAC. Written as fragmented MP4 segments named as the recorder names them.
 */
final class SyntheticCamera {

    static final TrackFormat VIDEO = TrackFormat.video(Codec.H264, 1920, 1080, List.of(
            java.util.Base64.getDecoder().decode("Z0IAKeKQFAe2AtwEBAaQeJEV"),
            java.util.Base64.getDecoder().decode("aM48gA==")));
    static final TrackFormat AUDIO = TrackFormat.audio(Codec.AAC, 48_000, 1, AudioSpecificConfig.build(2, 48_000, 1));

    private SyntheticCamera() {
    }

    /** {@code segments} consecutive segments of {@code seconds} each, the first starting at {@code start}. */
    static long record(Path savePath, String device, Instant start, int segments, int seconds) throws IOException {
        Random random = new Random(42);
        SegmentNaming naming = new SegmentNaming(savePath, SegmentNaming.DEFAULT_PATTERN);
        long bytes = 0;
        for (int s = 0; s < segments; s++) {
            Instant segmentStart = start.plusSeconds((long) s * seconds);
            Path file = naming.newSegment(device, segmentStart, "mp4");
            try (FragmentedMp4Writer w = FragmentedMp4Writer.create(file, List.of(VIDEO, AUDIO), segmentStart,
                    Duration.ofSeconds(1))) {
                int frames = seconds * 25;
                int audioFrame = 0;
                for (int i = 0; i < frames; i++) {
                    boolean key = i % 50 == 0;
                    byte[] slice = new byte[key ? 100_000 : 18_000];
                    random.nextBytes(slice);
                    slice[0] = (byte) (key ? 0x65 : 0x41);
                    w.write(new Frame(0, VIDEO, i * 3600L, i * 3600L, key, NalUnits.toLengthPrefixed(List.of(slice))));
                    while (audioFrame * 1024L * 25 < (i + 1) * 48_000L) {
                        byte[] au = new byte[340];
                        random.nextBytes(au);
                        long t = audioFrame * 1024L;
                        w.write(new Frame(1, AUDIO, t, t, true, au));
                        audioFrame++;
                    }
                }
                bytes += w.bytesWritten();
            }
        }
        return bytes;
    }
}
