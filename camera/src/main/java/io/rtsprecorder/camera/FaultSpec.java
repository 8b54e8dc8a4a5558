package io.rtsprecorder.camera;

import java.util.Locale;

/** A fault from the command line: {@code /PATH=KIND[:ARG]} (see {@link MockCameraCommand}). */
record FaultSpec(String mount, String kind, long argument) {

    static FaultSpec parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("fault must be /PATH=KIND[:ARG]: " + spec);
        }
        String mount = spec.substring(0, eq).strip();
        String rest = spec.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
        int colon = rest.indexOf(':');
        String kind = colon < 0 ? rest : rest.substring(0, colon);
        long arg = 0;
        if (colon >= 0) {
            try {
                arg = Long.parseLong(rest.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("fault argument must be a number: " + spec);
            }
        }
        switch (kind) {
            case "refuse", "drop", "restart" -> {
            }
            case "silence", "garbage" -> {
                if (arg <= 0) {
                    throw new IllegalArgumentException(kind + " needs a positive argument, e.g. " + kind + ":10");
                }
            }
            default -> throw new IllegalArgumentException("unknown fault '" + kind
                    + "' (refuse, drop, silence:SECONDS, garbage:BYTES, restart)");
        }
        return new FaultSpec(mount, kind, arg);
    }

    void apply(MockCamera camera) {
        switch (kind) {
            case "refuse" -> camera.refuse(mount, true);
            case "drop" -> camera.dropConnections(mount);
            case "silence" -> camera.silence(mount, argument);
            case "garbage" -> camera.sendGarbage(mount, (int) argument);
            case "restart" -> camera.restart(mount);
            default -> throw new IllegalStateException(kind);
        }
    }
}
