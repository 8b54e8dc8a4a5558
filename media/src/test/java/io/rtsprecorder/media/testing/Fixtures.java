package io.rtsprecorder.media.testing;

import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.MediaOracle;
import java.nio.file.Path;

/** Generated clips shared by the media tests; cached under target/fixtures across test classes. */
public final class Fixtures {

    public static final Path DIR = Path.of("target", "fixtures");

    private Fixtures() {
    }

    public static Path get(FixtureSpec spec) {
        return MediaOracle.get().fixture(spec, DIR);
    }
}
