package io.rtsprecorder.camera;

import io.rtsprecorder.media.demux.ByteArrayChannel;
import io.rtsprecorder.media.demux.Mp4Demuxer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;

/** Opens the clip of a mount: a file on disk, or a sample bundled in the camera jar. */
final class MountClip {

    private static final String BUNDLED_DIR = "/io/rtsprecorder/camera/samples/";

    private MountClip() {
    }

    static Mp4Demuxer open(MountConfig mount) throws IOException {
        if (mount.file() != null) {
            return Mp4Demuxer.open(mount.file());
        }
        try (InputStream in = MountClip.class.getResourceAsStream(BUNDLED_DIR + mount.bundledClip())) {
            if (in == null) {
                throw new NoSuchFileException("bundled:" + mount.bundledClip()
                        + " (bundled clips: h264-aac-640x360-25fps.mp4, h264-bframes-aac-640x360-25fps.mp4, "
                        + "h265-pcma-640x360-25fps.mov)");
            }
            return Mp4Demuxer.open(new ByteArrayChannel(in.readAllBytes()));
        }
    }
}
