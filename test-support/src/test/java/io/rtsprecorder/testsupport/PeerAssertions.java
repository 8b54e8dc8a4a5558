package io.rtsprecorder.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Checks shared by the launcher tests. */
final class PeerAssertions {

    private PeerAssertions() {
    }

    /** Closes {@code peer} (if it started) and proves that none of its processes survived. */
    static void closeAndAssertNoProcessSurvives(RtspPeer peer) {
        if (peer != null) {
            List<ProcessHandle> processes = peer.processes();
            peer.close();
            assertNoProcessSurvives(processes);
        }
    }

    /** After close: the peer started at least one process, and none of them is still running. */
    static void assertNoProcessSurvives(List<ProcessHandle> processes) {
        assertThat(processes).as("processes the peer started").isNotEmpty();
        assertThat(processes.stream().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList())
                .as("processes still running after close").isEmpty();
    }
}
