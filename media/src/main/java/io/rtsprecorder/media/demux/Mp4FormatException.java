package io.rtsprecorder.media.demux;

import java.io.IOException;

/**
 * A file that is not a usable MP4/QuickTime file: a box whose size does not fit its parent, a table that is
 * longer than its box, a limit exceeded. The message names the box path and file offset.
 */
public final class Mp4FormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public Mp4FormatException(String message) {
        super(message);
    }

    static Mp4FormatException at(String path, long offset, String problem) {
        return new Mp4FormatException(path + " at offset " + offset + ": " + problem);
    }
}
