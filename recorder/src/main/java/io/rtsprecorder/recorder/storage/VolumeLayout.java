package io.rtsprecorder.recorder.storage;

import java.nio.file.Path;

/**
 * Where the service keeps its own state on the recordings volume, next to the segments: one hidden directory that
 * the catalog never lists and downloads can never reach.
 */
public final class VolumeLayout {

    /** The service's directory under the save path. */
    public static final String STATE_DIRECTORY = ".rtsp-recorder";

    private VolumeLayout() {
    }

    /** {@code <save path>/.rtsp-recorder}. */
    public static Path stateDirectory(Path savePath) {
        return savePath.resolve(STATE_DIRECTORY);
    }

    /**
     * Present while the service is stopped after a clean shutdown: written last at shutdown, removed at start. Its
     * absence at start means the last run was killed, so the time since then is reported as the recorder being down.
     */
    public static Path cleanStopMarker(Path savePath) {
        return stateDirectory(savePath).resolve("clean-stop");
    }

    /** True for a path (relative to the save path, '/'-separated) inside the state directory. */
    public static boolean isState(String relative) {
        return relative.equals(STATE_DIRECTORY) || relative.startsWith(STATE_DIRECTORY + "/");
    }
}
