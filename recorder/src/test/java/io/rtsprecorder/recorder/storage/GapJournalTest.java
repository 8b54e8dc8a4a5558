package io.rtsprecorder.recorder.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gap journal on a real directory: what is written, what a new journal reads back, and its limits. */
class GapJournalTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void gapsOpenedAndClosedAreReadBackByTheNextStart() throws Exception {
        GapJournal journal = new GapJournal(dir);
        journal.open("gate", T, GapReason.STARTING, "waiting for the first file");
        journal.close("gate", T, T.plusSeconds(2));
        journal.open("gate", T.plusSeconds(60), GapReason.STALLED, "no video frame for 10 s");
        journal.open("gate", T.plusSeconds(60), GapReason.STALLED, "refused");
        journal.close("gate", T.plusSeconds(60), T.plusSeconds(75));
        journal.add("gate", T.plusSeconds(100), T.plusSeconds(103), GapReason.DROPPED, "12 frame(s) dropped");
        journal.open("gate", T.plusSeconds(200), GapReason.OFF, "recording was switched off");

        List<String> lines = Files.readAllLines(dir.resolve(".rtsp-recorder/gaps/gate.jsonl"));
        assertThat(lines).hasSize(7);

        GapJournal again = new GapJournal(dir);
        List<GapJournal.Gap> gaps = again.gaps("gate", null, null);
        assertThat(gaps).extracting(GapJournal.Gap::reason).containsExactly(GapReason.STARTING, GapReason.STALLED,
                GapReason.DROPPED, GapReason.OFF);
        assertThat(gaps.get(1).to()).isEqualTo(T.plusSeconds(75));
        assertThat(gaps.get(1).detail()).isEqualTo("refused");
        assertThat(again.last("gate").orElseThrow().open()).isTrue();
        assertThat(again.gaps("gate", T.plusSeconds(70), T.plusSeconds(101)))
                .extracting(GapJournal.Gap::reason).containsExactly(GapReason.STALLED, GapReason.DROPPED);
    }

    @Test
    void aLineThatDoesNotParseIsSkippedAndTheRestIsRead() throws Exception {
        GapJournal journal = new GapJournal(dir);
        journal.add("gate", T, T.plusSeconds(5), GapReason.DISCONNECTED, "lost");
        Path file = dir.resolve(".rtsp-recorder/gaps/gate.jsonl");
        Files.writeString(file, "{\"from\":\"not a time\"}\n{broken\n", java.nio.file.StandardOpenOption.APPEND);
        journal.add("gate", T.plusSeconds(10), T.plusSeconds(12), GapReason.ENDED, "bye");
        assertThat(new GapJournal(dir).gaps("gate", null, null))
                .extracting(GapJournal.Gap::reason).containsExactly(GapReason.DISCONNECTED, GapReason.ENDED);
    }

    @Test
    void detailsAreCutToTheirLimitAndTheFileIsCompactedWhenItHoldsTwiceTheLimit() throws Exception {
        GapJournal journal = new GapJournal(dir);
        journal.add("gate", T, T.plusSeconds(1), GapReason.DISCONNECTED, "x".repeat(1000));
        assertThat(journal.last("gate").orElseThrow().detail()).hasSize(GapJournal.MAX_DETAIL);
        for (int i = 1; i <= 2 * GapJournal.MAX_GAPS; i++) {
            journal.add("gate", T.plusSeconds(10L * i), T.plusSeconds(10L * i + 2), GapReason.DROPPED, null);
        }
        List<String> lines = Files.readAllLines(dir.resolve(".rtsp-recorder/gaps/gate.jsonl"));
        assertThat(lines.size()).isLessThanOrEqualTo(2 * GapJournal.MAX_GAPS);
        assertThat(new GapJournal(dir).gaps("gate", null, null)).hasSize(GapJournal.MAX_GAPS);
    }
}
