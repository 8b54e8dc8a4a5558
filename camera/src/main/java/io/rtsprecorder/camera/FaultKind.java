package io.rtsprecorder.camera;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The faults the mock camera can inject, each with the rule for its argument. The command line
 * ({@link FaultSpec}), the admin API ({@link AdminServer}) and the Java API ({@link MockCamera}) all check
 * arguments here, so a value is accepted or refused with the same words whichever way it came in.
 */
enum FaultKind {

    /** Answer 503 to DESCRIBE, SETUP and PLAY (the admin API also lifts it with {@code enabled=false}). */
    REFUSE("refuse", null, "enabled", 0, 0, null),
    /** Close every connection of the mount. */
    DROP("drop", null, null, 0, 0, null),
    /** No media at all (neither RTP nor RTCP) for a while; connections stay open. */
    SILENCE("silence", "SECONDS", "seconds", 1, 3600, "lasts 1 to 3600 seconds"),
    /** Bytes that are neither RTSP nor interleaved frames, into each connection. */
    GARBAGE("garbage", "BYTES", "bytes", 1, 1_000_000, "writes 1 to 1000000 bytes"),
    /** Drop everything and restart the clip with new SSRCs and timestamps. */
    RESTART("restart", null, null, 0, 0, null),
    /** RTCP BYE to every playing client, then nothing more to them; their RTSP sessions stay. */
    BYE("bye", null, null, 0, 0, null),
    /** No RTP for a while, RTCP sender reports every second meanwhile. */
    RTP_STALL("rtp-stall", "SECONDS", "seconds", 1, 3600, "lasts 1 to 3600 seconds"),
    /** RTP timestamps of every track step back by this many milliseconds (negative). */
    TS_STEP("ts-step", "-MS", "millis", -10_000, -1,
            "steps back 1 to 10000 ms, written as a negative number like -100"),
    /** RTP timestamps of every track jump forward by this many seconds. */
    TS_JUMP("ts-jump", "+SECONDS", "seconds", 1, 86_400, "jumps forward 1 to 86400 seconds"),
    /**
     * As if the camera's password had been changed for a while: every connection is dropped and every request is
     * refused as wrong credentials (401), then the configured password works again. Needs a mount with auth.
     */
    PASSWORD_CHANGE("password-change", "SECONDS", "seconds", 1, 3600, "lasts 1 to 3600 seconds");

    private final String id;
    private final String syntax;
    private final String queryParameter;
    private final long min;
    private final long max;
    private final String rule;

    FaultKind(String id, String syntax, String queryParameter, long min, long max, String rule) {
        this.id = id;
        this.syntax = syntax;
        this.queryParameter = queryParameter;
        this.min = min;
        this.max = max;
        this.rule = rule;
    }

    /** The name on the command line and in the admin path: {@code rtp-stall}. */
    String id() {
        return id;
    }

    /** Whether the fault needs a number ({@code silence:10}); {@link #REFUSE} takes a boolean, only over HTTP. */
    boolean takesArgument() {
        return syntax != null;
    }

    /** The admin API's query parameter for the argument ({@code seconds}), or null. */
    String queryParameter() {
        return queryParameter;
    }

    /** {@code rtp-stall:SECONDS}, or just the id for a fault without argument. */
    String usage() {
        return syntax == null ? id : id + ":" + syntax;
    }

    static Optional<FaultKind> forId(String id) {
        String wanted = id.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.id.equals(wanted)).findFirst();
    }

    /** Every fault with its syntax, for error messages: {@code refuse, drop, silence:SECONDS, ...}. */
    static String allUsages() {
        return Arrays.stream(values()).map(FaultKind::usage).collect(Collectors.joining(", "));
    }

    /** Every fault's id, for error messages: {@code refuse, drop, silence, ...}. */
    static String allIds() {
        return Arrays.stream(values()).map(FaultKind::id).collect(Collectors.joining(", "));
    }

    /** Parses and checks a textual argument (command line or query parameter). */
    long parseArgument(String raw) {
        long value;
        try {
            value = Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(id + " needs a whole number, got '" + raw + "'");
        }
        return checkArgument(value);
    }

    /** @return the value, when the fault accepts it; else an {@link IllegalArgumentException} saying the rule */
    long checkArgument(long value) {
        if (!takesArgument()) {
            throw new IllegalStateException(id + " takes no argument");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(id + " " + rule + "; got " + value);
        }
        return value;
    }

    /** Injects the fault; {@code argument} was checked by {@link #checkArgument}, 0 for faults without one. */
    void apply(MockCamera camera, String mount, long argument) {
        switch (this) {
            case REFUSE -> camera.refuse(mount, true);
            case DROP -> camera.dropConnections(mount);
            case SILENCE -> camera.silence(mount, argument);
            case GARBAGE -> camera.sendGarbage(mount, (int) argument);
            case RESTART -> camera.restart(mount);
            case BYE -> camera.bye(mount);
            case RTP_STALL -> camera.rtpStall(mount, argument);
            case TS_STEP -> camera.timestampStep(mount, argument);
            case TS_JUMP -> camera.timestampJump(mount, argument);
            case PASSWORD_CHANGE -> camera.changePassword(mount, argument);
        }
    }
}
