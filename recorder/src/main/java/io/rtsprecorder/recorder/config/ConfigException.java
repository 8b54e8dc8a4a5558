package io.rtsprecorder.recorder.config;

import java.util.List;

/**
 * A configuration the service cannot start with. Carries every problem found, one line each, naming the variable
 * and what it accepts: a user fixes them all in one go instead of one restart per mistake.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
