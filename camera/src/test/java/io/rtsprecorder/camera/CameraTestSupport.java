package io.rtsprecorder.camera;

import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.MediaOracle;
import java.nio.file.Path;

/** Shared fixtures of the camera tests, cached under target/fixtures. */
final class CameraTestSupport {

    static final Path FIXTURES = Path.of("target", "fixtures");

    private CameraTestSupport() {
    }

    static Path fixture(FixtureSpec spec) {
        return MediaOracle.get().fixture(spec, FIXTURES);
    }
}
