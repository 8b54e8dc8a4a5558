package io.rtsprecorder.media.mux;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.media.demux.Mp4Demuxer;
import io.rtsprecorder.media.testing.Clips;
import io.rtsprecorder.media.testing.Fixtures;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.MediaOracle;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recording interrupted mid-fragment (no close, file cut anywhere) becomes playable again. */
class Mp4RepairTest {

    private final MediaOracle oracle = MediaOracle.get();

    @TempDir
    Path dir;

    /** What a crashed recorder leaves: fragments written so far, durations never patched. */
    private Path unfinishedRecording() throws IOException {
        Path clip = Fixtures.get(FixtureSpec.h264Aac().withDuration(6));
        Path out = dir.resolve("unfinished.mp4");
        FragmentedMp4Writer writer;
        try (Mp4Demuxer demuxer = Mp4Demuxer.open(clip)) {
            writer = FragmentedMp4Writer.create(out, demuxer.tracks(), Instant.now(), Duration.ofSeconds(1));
            Clips.writeFromFirstKeyframe(demuxer, writer);
        }
        Path copy = dir.resolve("crashed.mp4");
        Files.copy(out, copy); // the writer is never closed: as after SIGKILL
        writer.flush();
        return copy;
    }

    @Test
    void fileCutInsideTheLastFragmentIsTrimmedAndDecodesCleanly() throws IOException {
        Path crashed = unfinishedRecording();
        long size = Files.size(crashed);
        try (RandomAccessFile f = new RandomAccessFile(crashed.toFile(), "rw")) {
            f.setLength(size - 20_000); // inside the last written fragment
        }
        Mp4Repair.Result result = Mp4Repair.repair(crashed);
        assertThat(result.truncated()).isTrue();
        assertThat(oracle.decodeErrors(crashed)).isEmpty();
        // 6 s clip, 1 s fragments: the last complete fragment ends at 4 s or 5 s (the 6th is still pending)
        assertThat(result.durationSeconds()).isBetween(3.9, 5.1);
        var r = oracle.ffprobe(Duration.ofSeconds(30), "-v", "error", "-show_entries", "format=duration",
                "-of", "csv=p=0", crashed.toString());
        assertThat(Double.parseDouble(r.stdout().strip())).isCloseTo(result.durationSeconds(),
                org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void everyCutPointOfTheLastFragmentRepairs() throws IOException {
        Path crashed = unfinishedRecording();
        byte[] full = Files.readAllBytes(crashed);
        for (int cut = full.length - 1; cut > full.length - 40_000; cut -= 4_999) {
            Path attempt = dir.resolve("cut-" + cut + ".mp4");
            Files.write(attempt, java.util.Arrays.copyOf(full, cut));
            Mp4Repair.repair(attempt);
            assertThat(oracle.decodeErrors(attempt)).as("cut at %d", cut).isEmpty();
        }
    }

    @Test
    void aCompleteFileIsLeftAsItIs() throws IOException {
        Path out = dir.resolve("complete.mp4");
        FragmentedMp4WriterTest.copy(Fixtures.get(FixtureSpec.h264Aac().withDuration(2)), out, Duration.ofSeconds(1));
        byte[] before = Files.readAllBytes(out);
        Mp4Repair.Result result = Mp4Repair.repair(out);
        assertThat(result.truncated()).isFalse();
        assertThat(Files.size(out)).isEqualTo(before.length);
        assertThat(oracle.decodeErrors(out)).isEmpty();
    }
}
