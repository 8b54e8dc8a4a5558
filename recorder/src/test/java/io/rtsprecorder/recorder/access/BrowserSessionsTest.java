package io.rtsprecorder.recorder.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.testsupport.ManualClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BrowserSessionsTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    private final ManualClock clock = new ManualClock(START);
    private final BrowserSessions sessions = new BrowserSessions(clock);

    @Test
    void aSessionKeepsItsRoleUntilItsLifetimeEndsAndHasACsrfTokenOtherThanItsId() {
        BrowserSessions.Session s = sessions.open(Role.VIEWER);

        assertThat(s.id()).hasSize(32).isNotEqualTo(s.csrfToken());
        assertThat(sessions.find(s.id())).map(BrowserSessions.Session::role).contains(Role.VIEWER);
        clock.set(START.plus(BrowserSessions.LIFETIME).minusSeconds(1));
        assertThat(sessions.find(s.id())).isPresent();
        clock.set(START.plus(BrowserSessions.LIFETIME));
        assertThat(sessions.find(s.id())).isEmpty();
    }

    @Test
    void aClosedSessionIsGoneAndOthersStay() {
        BrowserSessions.Session a = sessions.open(Role.OPERATOR);
        BrowserSessions.Session b = sessions.open(Role.OPERATOR);
        sessions.close(a.id());

        assertThat(sessions.find(a.id())).isEmpty();
        assertThat(sessions.find(b.id())).isPresent();
        assertThat(sessions.find("not-a-session")).isEmpty();
    }

    @Test
    void beyondTheLimitTheOldestSessionsAreForgotten() {
        BrowserSessions.Session first = sessions.open(Role.VIEWER);
        BrowserSessions.Session last = null;
        for (int i = 0; i < BrowserSessions.MAX_SESSIONS; i++) {
            last = sessions.open(Role.VIEWER);
        }
        assertThat(sessions.find(first.id())).isEmpty();
        assertThat(sessions.find(last.id())).isPresent();
    }
}
