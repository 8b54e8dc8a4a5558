package io.rtsprecorder.testsupport;

import java.nio.file.Path;
import java.util.List;

/**
 * An RTSP server nobody on the team wrote, running as external processes for one test. Closing it ends every
 * process it started; {@link #processes()} lets a test prove that none survived.
 */
public interface RtspPeer extends AutoCloseable {

    /** The server's standard output and error, under the test's directory. */
    Path log();

    /** Every process the peer started (the launcher's process tree as seen), alive or not. */
    List<ProcessHandle> processes();

    /** Ends the server's processes (SIGTERM, then SIGKILL) and waits for them; never throws for a dead server. */
    @Override
    void close();
}
