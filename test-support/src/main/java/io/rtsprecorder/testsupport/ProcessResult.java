package io.rtsprecorder.testsupport;

import java.util.List;

/** Exit status and captured output of an oracle process. {@code exitCode} is -1 when it was killed on timeout. */
public record ProcessResult(List<String> command, int exitCode, String stdout, String stderr, boolean timedOut) {

    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }

    /** Non-empty lines of standard error. */
    public List<String> errorLines() {
        return stderr.lines().filter(l -> !l.isBlank()).toList();
    }

    /** For assertion messages: command, exit code and the tail of stderr. */
    public String describe() {
        String tail = stderr.length() > 4000 ? "..." + stderr.substring(stderr.length() - 4000) : stderr;
        return String.join(" ", command) + "\n  exit=" + exitCode + (timedOut ? " (timed out)" : "") + "\n" + tail;
    }
}
