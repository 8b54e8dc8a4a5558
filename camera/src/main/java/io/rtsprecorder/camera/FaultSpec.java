package io.rtsprecorder.camera;

/**
 * A fault from the command line: {@code /PATH=KIND[:ARG]} (see {@link MockCameraCommand}), e.g.
 * {@code /cam1=rtp-stall:10} or {@code /cam1=ts-step:-100}. {@code argument} is 0 for a fault without one.
 */
record FaultSpec(String mount, FaultKind kind, long argument) {

    /** @throws IllegalArgumentException with a message that says what is wrong and what would be right */
    static FaultSpec parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("fault must be /PATH=KIND[:ARG]: " + spec);
        }
        String mount = spec.substring(0, eq).strip();
        String rest = spec.substring(eq + 1).strip();
        int colon = rest.indexOf(':');
        String name = colon < 0 ? rest : rest.substring(0, colon);
        FaultKind kind = FaultKind.forId(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown fault '" + name + "' (" + FaultKind.allUsages() + ")"));
        if (!kind.takesArgument()) {
            if (colon >= 0) {
                throw new IllegalArgumentException(kind.id() + " takes no argument: " + spec);
            }
            return new FaultSpec(mount, kind, 0);
        }
        if (colon < 0 || rest.substring(colon + 1).isBlank()) {
            throw new IllegalArgumentException(kind.id() + " needs an argument: " + mount + "=" + kind.usage());
        }
        return new FaultSpec(mount, kind, kind.parseArgument(rest.substring(colon + 1)));
    }

    void apply(MockCamera camera) {
        kind.apply(camera, mount, argument);
    }
}
